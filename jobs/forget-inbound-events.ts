// Job: drop remembered inbound event ids once no platform can retry them (Lark's last retry comes after 6 hours).
import { forgetInboundEventsBefore } from '../src/app/inbound/remember-inbound-event.ts';
import type { JobDefinition } from './types.ts';

export const forgetInboundEventsJob: JobDefinition = {
  name: 'forget-inbound-events',
  every: '1 hour',
  run: (deps) => forgetInboundEventsBefore(deps, 24 * 3_600_000),
};
