// Job: every few minutes, post the team digest (and on Mondays the weekly one) to each reader whose local digest time
// has come today.
import { sendDigests } from '../src/app/reports/send-digests.ts';
import type { JobDefinition } from './types.ts';

export const dailyDigestJob: JobDefinition = {
  name: 'daily-digest',
  every: '5 minutes',
  run: (deps) => sendDigests(deps),
};
