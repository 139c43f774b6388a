// Use case: someone who may see an order comments on it; the owner and the approvers it now waits for are told.
import { and, eq } from 'drizzle-orm';
import { approvals, comments } from '../../db/schema.ts';
import { invalid } from '../../domain/errors.ts';
import { commentCard } from '../../messages/catalogue/orders.ts';
import { type Actor, type AppDeps, actorId, actorLabel } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { getOrderStatus } from './get-order-status.ts';
import { showOrderCard } from './owner-card.ts';

export interface CommentResult {
  id: string;
  number: string;
  notified: number;
}

const maxLength = 4000;

export async function commentOrder(
  deps: AppDeps,
  actor: Actor,
  number: string,
  text: string,
): Promise<CommentResult> {
  const body = text.trim();
  if (body === '' || body.length > maxLength)
    throw invalid('order_comment_length', 'body', { max: maxLength });
  // The status read decides who may see (and so discuss) the order.
  const { loaded } = await getOrderStatus(deps, actor, number);
  const { order } = loaded;
  return inTransaction(deps, actor, async (uow) => {
    const [comment] = await uow.tx
      .insert(comments)
      .values({ orderId: order.id, authorId: actorId(actor), body, at: uow.now })
      .returning({ id: comments.id });
    if (!comment) throw new Error('comment insert returned no row');
    await uow.audit({
      action: 'order.comment',
      entityType: 'order',
      entityId: order.id,
      after: { commentId: comment.id, version: order.version, body },
    });
    const waitingOn = await uow.tx
      .select({ approverId: approvals.approverId })
      .from(approvals)
      .where(
        and(
          eq(approvals.orderId, order.id),
          eq(approvals.orderVersion, order.version),
          eq(approvals.status, 'pending'),
        ),
      );
    const author = actor.kind === 'user' ? actor.user.name : actorLabel(actor);
    const recipients = new Set([order.ownerId, ...waitingOn.map((a) => a.approverId)]);
    recipients.delete(actorId(actor) ?? '');
    for (const userId of recipients) {
      await uow.post({ kind: 'user', userId }, `order:${order.id}:comment:${comment.id}`, (locale) =>
        commentCard(loaded.summary, author, body, locale),
      );
    }
    await showOrderCard(uow, order.id);
    return { id: comment.id, number: order.number, notified: recipients.size };
  });
}
