// Job: every few minutes, send the dunning reminders due on today's org-local date (at most once per step).
import { sendDunningReminders } from '../src/app/collections/send-dunning-reminders.ts';
import type { JobDefinition } from './types.ts';

export const dunningRemindersJob: JobDefinition = {
  name: 'dunning-reminders',
  every: '10 minutes',
  run: (deps) => sendDunningReminders(deps),
};
