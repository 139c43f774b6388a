// Job: every 15 minutes, remind approvers whose approval waited past the SLA, and escalate past twice the SLA.
import { remindApprovals } from '../src/app/orders/remind-approvals.ts';
import type { JobDefinition } from './types.ts';

export const approvalSlaJob: JobDefinition = {
  name: 'approval-sla',
  every: '15 minutes',
  run: (deps) => remindApprovals(deps),
};
