// Job: every few minutes, post the team digest to each manager whose local digest time has come today.
import { sendDailyDigest } from '../src/app/kpi/send-daily-digest.ts';
import type { JobDefinition } from './types.ts';

export const dailyDigestJob: JobDefinition = {
  name: 'daily-digest',
  every: '5 minutes',
  run: (deps) => sendDailyDigest(deps),
};
