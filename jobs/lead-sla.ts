// Job: every minute, pass on lead offers not accepted within the SLA, assign claim-pool leads nobody claimed, and
// remind (then pass on) owners who have not made first contact in time.
import { enforceFirstContact } from '../src/app/leads/enforce-first-contact.ts';
import { enforceLeadSla } from '../src/app/leads/enforce-lead-sla.ts';
import type { JobDefinition } from './types.ts';

export const leadSlaJob: JobDefinition = {
  name: 'lead-sla',
  every: '1 minute',
  run: async (deps) => ({
    accept: await enforceLeadSla(deps),
    firstContact: await enforceFirstContact(deps),
  }),
};
