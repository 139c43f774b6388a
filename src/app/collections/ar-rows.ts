// Owns what the `ar` reply adds around its rows: each installment's buttons (Open, Promise…, Mark received… where
// can() allows them) and the asker's open follow-up tasks.
import { and, eq, ne } from 'drizzle-orm';
import { followUpTasks } from '../../db/schema-tasks.ts';
import { nextPageCommand, pageOffset } from '../../domain/records/list-page.ts';
import { localDate } from '../../domain/time.ts';
import type { ReceivableItem, ReceivablesExtra } from '../../messages/catalogue/collections-ar.ts';
import {
  arTasksAction,
  arTasksLine,
  listMoreLabel,
  promiseAction,
  receivedAction,
} from '../../messages/catalogue/collections-tasks.ts';
import { openAction } from '../../messages/catalogue/records.ts';
import type { Action, Locale } from '../../messages/model.ts';
import { allowed, managersOfAll } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';

export async function arRows(
  deps: AppDeps,
  actor: UserActor,
  items: readonly ReceivableItem[],
  words: string,
  page: string | undefined,
  locale: Locale,
): Promise<Pick<ReceivablesExtra, 'rows' | 'tasks'>> {
  const offset = pageOffset(page);
  // One question of the policy per owner, not per row; every owner's managers in one read.
  const owners = new Map<string, { promise: boolean; record: boolean }>();
  const managers = await managersOfAll(
    deps.db,
    items.flatMap((i) => (i.ownerId ? [i.ownerId] : [])),
  );
  for (const [ownerId, chain] of managers) {
    const resource = { ownerId, ownerManagers: [...chain] };
    owners.set(ownerId, {
      promise: allowed(deps, actor, 'payment.promise', resource),
      record: allowed(deps, actor, 'payment.record', resource),
    });
  }
  const buttons = (i: ReceivableItem): Action[] => {
    if (!i.orderId) return [];
    const may = (i.ownerId && owners.get(i.ownerId)) || { promise: false, record: false };
    return [
      openAction('order.show', i.orderId, locale),
      ...(may.promise ? [promiseAction(i.orderId, locale)] : []),
      ...(may.record ? [receivedAction(i.orderId, locale)] : []),
    ];
  };
  const open = await deps.db
    .select({ dueOn: followUpTasks.dueOn })
    .from(followUpTasks)
    .where(and(eq(followUpTasks.assigneeId, actor.user.id), ne(followUpTasks.status, 'done')));
  const today = localDate(deps.clock.now(), deps.policy.org.timezone);
  return {
    rows: {
      offset,
      moreValue: nextPageCommand(words, items.length, offset),
      moreLabel: listMoreLabel(locale),
      buttons,
    },
    ...(open.length > 0
      ? {
          tasks: {
            line: arTasksLine(open.length, open.filter((t) => t.dueOn < today).length, locale),
            actions: [arTasksAction(locale)],
          },
        }
      : {}),
  };
}
