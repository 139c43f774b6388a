// Job: drop remembered inbound ids (event ids, Slack trigger ids) once nothing can bring them back.
import { forgetInboundEventsBefore } from '../src/app/inbound/remember-inbound-event.ts';
import type { JobDefinition } from './types.ts';

// The longest an id can come back: Lark retries an event after 15 s, 5 min, 1 h and 6 h (about 7 h in all); Slack
// retries within about 5 minutes; a captured request can be replayed only inside the 5-minute signature window
// (older timestamps get 401). A day is well past all three, with room for a delayed retry or a skewed clock.
export const INBOUND_KEEP_MS = 24 * 3_600_000;

export const forgetInboundEventsJob: JobDefinition = {
  name: 'forget-inbound-events',
  every: '1 hour',
  run: (deps) => forgetInboundEventsBefore(deps, INBOUND_KEEP_MS),
};
