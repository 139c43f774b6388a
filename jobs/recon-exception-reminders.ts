// Job: every 15 minutes, remind finance of reconciliation exceptions left untouched for a day.
import { remindStaleExceptions } from '../src/app/reconcile/remind-stale-exceptions.ts';
import type { JobDefinition } from './types.ts';

export const reconExceptionRemindersJob: JobDefinition = {
  name: 'recon-exception-reminders',
  every: '15 minutes',
  run: (deps) => remindStaleExceptions(deps),
};
