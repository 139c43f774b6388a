// Owns the list of scheduled jobs every instance registers (Agenda runs each on one instance at a time).
import { approvalSlaJob } from './approval-sla.ts';
import { customerEmailsJob } from './customer-emails.ts';
import { dailyDigestJob } from './daily-digest.ts';
import { dunningRemindersJob } from './dunning-reminders.ts';
import { forgetInboundEventsJob } from './forget-inbound-events.ts';
import { leadSlaJob } from './lead-sla.ts';
import { reconExceptionRemindersJob } from './recon-exception-reminders.ts';
import type { JobDefinition } from './types.ts';

export const allJobs: readonly JobDefinition[] = [
  approvalSlaJob,
  dunningRemindersJob,
  dailyDigestJob,
  leadSlaJob,
  customerEmailsJob,
  reconExceptionRemindersJob,
  forgetInboundEventsJob,
];
