// Text command of the audit trail: `audit <L-…|SO-…|customer>` / `审计 <…>` shows who did what to one record.
import { forbidden } from '../../domain/errors.ts';
import { auditCard, auditUsage } from '../../messages/catalogue/audit.ts';
import { missingArgument } from '../commands/missing-argument.ts';
import { localeOf, type TextCommand } from '../commands/types.ts';
import { listAudit } from './list-audit.ts';
import { mayReadAudit } from './may-read-audit.ts';
import { orderPaymentTrail } from './order-payment-trail.ts';

const audit: TextCommand = {
  words: ['audit', '审计'],
  usage: auditUsage,
  needs: 'audit.read',
  run: async (deps, actor, args) => {
    if (!mayReadAudit(deps, actor)) throw forbidden('audit_forbidden');
    const entity = args.positional.join(' ').trim();
    if (entity === '') throw missingArgument(audit, localeOf(deps, actor), 'record');
    const page = await listAudit(deps, { entity, limit: 20 });
    // An order's payments are written on its installments and bank lines, not on the order: read them beside it.
    const payments = page.entity?.type === 'order' ? await orderPaymentTrail(deps.db, page.entity.id) : [];
    const card = auditCard(
      page,
      actor.user.timezone ?? deps.policy.org.timezone,
      localeOf(deps, actor),
      payments,
    );
    return { text: card.body ?? card.title, tone: card.tone, card };
  },
};

export const auditCommands: TextCommand[] = [audit];
