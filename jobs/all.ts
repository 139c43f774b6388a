// Owns the list of scheduled jobs every instance registers (Agenda runs each on one instance at a time).

import type { Env } from '../src/config/env.ts';
import { approvalSlaJob } from './approval-sla.ts';
import { compactReportRollupsJob } from './compact-report-rollups.ts';
import { customerEmailsJob } from './customer-emails.ts';
import { dailyDigestJob } from './daily-digest.ts';
import { dunningRemindersJob } from './dunning-reminders.ts';
import { forgetInboundEventsJob } from './forget-inbound-events.ts';
import { fxProviderJob } from './fx-provider.ts';
import { installmentOverdueEventsJob } from './installment-overdue-events.ts';
import { leadFollowUpJob } from './lead-follow-up.ts';
import { leadSlaJob } from './lead-sla.ts';
import { orderCardsJob } from './order-cards.ts';
import { purgeOutboxCardsJob } from './purge-outbox-cards.ts';
import { reconExceptionRemindersJob } from './recon-exception-reminders.ts';
import { sealAuditLogJob } from './seal-audit-log.ts';
import type { JobDefinition } from './types.ts';

export function allJobs(
  env: Pick<Env, 'SMTP_URL' | 'SMTP_FROM'> & Partial<Pick<Env, 'CLOSELOOP_OUTBOX_KEEP_DAYS'>>,
): JobDefinition[] {
  const smtp = env.SMTP_URL ? { url: env.SMTP_URL, ...(env.SMTP_FROM ? { from: env.SMTP_FROM } : {}) } : null;
  return [
    approvalSlaJob,
    dunningRemindersJob,
    dailyDigestJob,
    leadSlaJob,
    leadFollowUpJob,
    customerEmailsJob(smtp),
    reconExceptionRemindersJob,
    forgetInboundEventsJob,
    sealAuditLogJob,
    installmentOverdueEventsJob,
    fxProviderJob,
    orderCardsJob,
    purgeOutboxCardsJob(env.CLOSELOOP_OUTBOX_KEEP_DAYS ?? 30),
    compactReportRollupsJob,
  ];
}
