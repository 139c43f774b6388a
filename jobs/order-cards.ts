// Job: every minute, edit the owners' living cards of the orders a bank statement paid (queued by the import).
import { refreshQueuedOrderCards } from '../src/app/orders/refresh-queued-order-cards.ts';
import type { JobDefinition } from './types.ts';

export const orderCardsJob: JobDefinition = {
  name: 'order-cards',
  every: '1 minute',
  run: (deps) => refreshQueuedOrderCards(deps),
};
