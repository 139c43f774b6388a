// Owns closeloop.yaml's `reconcile` key: where exceptions go, how sure a match must be, and payment tolerances.
import { z } from 'zod';

// How far a payment may miss what is owed and still settle it; `max` is in major units of the payment's currency.
const toleranceSide = z
  .object({ percent: z.number().min(0).max(100).default(0), max: z.number().min(0).default(0) })
  .strict();
const defaultTolerance = { under: { percent: 0, max: 0 }, over: { percent: 0, max: 0 } };
const tolerance = z
  .object({
    under: toleranceSide.default({ percent: 0, max: 0 }),
    over: toleranceSide.default({ percent: 0, max: 0 }),
  })
  .strict();

export const reconcileSchema = z
  .object({
    financeChannel: z.string().default('finance'),
    // A match this sure (0..1) posts by itself; anything less waits for finance as a suggestion.
    autoConfirmAbove: z.number().min(0).max(1).default(0.9),
    tolerance: tolerance.default(defaultTolerance),
    // Per customer tier (customers.tier): e.g. key accounts may pay a little short without a chase.
    tiers: z.record(z.string(), tolerance).default({}),
    // A file raising more exceptions than this gets one summary card, which posts their own cards a page at a time
    // on demand: Slack takes about a message a second per channel, so 25,000 cards would hold it for seven hours.
    exceptionCardsPerFile: z.number().int().min(0).max(10_000).default(20),
  })
  .strict();

export type TolerancePolicy = z.infer<typeof tolerance>;
