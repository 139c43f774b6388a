// Job: every five minutes, remind owners of idle leads and send each rep's daily check-in when their day starts.
import { remindIdleLeads } from '../src/app/leads/remind-idle-leads.ts';
import { sendDailyCheckIns } from '../src/app/leads/send-daily-check-in.ts';
import type { JobDefinition } from './types.ts';

export const leadFollowUpJob: JobDefinition = {
  name: 'lead-follow-up',
  every: '5 minutes',
  run: async (deps) => ({ idle: await remindIdleLeads(deps), checkIn: await sendDailyCheckIns(deps) }),
};
