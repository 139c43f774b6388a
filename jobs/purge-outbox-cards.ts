// Job: empty delivered outbox cards past CLOSELOOP_OUTBOX_KEEP_DAYS and seal any card left in the clear.
import { purgeDeliveredCards } from '../src/app/outbox/purge-delivered-cards.ts';
import type { JobDefinition } from './types.ts';

export const purgeOutboxCardsJob = (keepDays: number): JobDefinition => ({
  name: 'purge-outbox-cards',
  every: '1 hour',
  run: (deps) => purgeDeliveredCards(deps, keepDays),
});
