// Owns when a failed webhook delivery is tried again: a fixed ladder reaching past a day, then it is given up.

const minute = 60_000;
const hour = 60 * minute;

// Waits after the 1st, 2nd, … failed attempt. 1m+5m+15m+1h+2h+4h+8h+8h+8h ≈ 31 h: an ERP down over a weekend night
// or a day-long maintenance window still gets every event.
export const webhookRetryLadder: readonly number[] = [
  minute,
  5 * minute,
  15 * minute,
  hour,
  2 * hour,
  4 * hour,
  8 * hour,
  8 * hour,
  8 * hour,
];

// Attempts in all: the first plus one per rung.
export const webhookMaxAttempts = webhookRetryLadder.length + 1;

// How long to wait after `failed` attempts have failed (1 = the first); the last rung repeats if asked past it.
export function webhookRetryDelayMs(failed: number): number {
  const rung = Math.min(Math.max(failed, 1), webhookRetryLadder.length) - 1;
  return webhookRetryLadder[rung] as number;
}

// The time from the first attempt to the last, when every attempt fails.
export function webhookRetrySpanMs(): number {
  return webhookRetryLadder.reduce((sum, ms) => sum + ms, 0);
}
