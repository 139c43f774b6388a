// The session rule as a table: idle and absolute ends, and when last use is written.
import { describe, expect, it } from 'vitest';
import { needsTouch, sessionState } from '../../../src/domain/signin/session-expiry.ts';
import { inTrialMode } from '../../../src/domain/signin/trial-mode.ts';

const at = (iso: string) => new Date(`2026-11-02T${iso}Z`);
const idleMs = 8 * 3_600_000;

describe('sessionState', () => {
  it.each([
    ['used a minute ago', '10:00:00', '10:01:00', '23:00:00', 'live'],
    ['idle just under 8 h', '02:00:01', '10:00:00', '23:00:00', 'live'],
    ['idle exactly 8 h', '02:00:00', '10:00:00', '23:00:00', 'idle'],
    ['past its absolute end', '09:59:00', '10:00:00', '10:00:00', 'expired'],
    ['idle and past its end', '01:00:00', '10:00:00', '09:00:00', 'expired'],
  ])('%s', (_name, lastSeen, now, end, state) => {
    expect(sessionState({ lastSeenAt: at(lastSeen), expiresAt: at(end) }, at(now), { idleMs })).toBe(state);
  });
});

describe('needsTouch', () => {
  it.each([
    ['10:00:00', '10:00:59', false],
    ['10:00:00', '10:01:00', true],
  ])('last seen %s, now %s → %s', (lastSeen, now, touch) => {
    expect(needsTouch({ lastSeenAt: at(lastSeen), expiresAt: at('23:00:00') }, at(now))).toBe(touch);
  });
});

describe('inTrialMode', () => {
  it.each([
    [true, false, true],
    [true, true, false],
    [false, false, false],
    [false, true, false],
  ])('allowed by env %s, accounts %s → %s', (allowedByEnv, accountsExist, trial) => {
    expect(inTrialMode({ allowedByEnv, accountsExist, fromThisMachine: true, forcedByEnv: false })).toBe(
      trial,
    );
  });

  it.each([
    [true, false, true],
    [false, false, false],
    [false, true, true],
  ])('from this machine %s, forced %s → %s', (fromThisMachine, forcedByEnv, trial) => {
    expect(inTrialMode({ allowedByEnv: true, accountsExist: false, fromThisMachine, forcedByEnv })).toBe(
      trial,
    );
  });
});
