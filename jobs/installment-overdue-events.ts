// Job: every few minutes, queue installment.overdue webhook events for installments that fell overdue.
import { publishOverdueInstallments } from '../src/app/webhooks/publish-overdue-installments.ts';
import type { JobDefinition } from './types.ts';

export const installmentOverdueEventsJob: JobDefinition = {
  name: 'installment-overdue-events',
  every: '10 minutes',
  run: (deps) => publishOverdueInstallments(deps),
};
