// Job: every minute, pass on lead offers not accepted within the SLA and assign claim-pool leads nobody claimed.
import { enforceLeadSla } from '../src/app/leads/enforce-lead-sla.ts';
import type { JobDefinition } from './types.ts';

export const leadSlaJob: JobDefinition = {
  name: 'lead-sla',
  every: '1 minute',
  run: (deps) => enforceLeadSla(deps),
};
