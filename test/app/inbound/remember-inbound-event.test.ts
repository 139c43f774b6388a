import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  forgetInboundEventsBefore,
  rememberInboundEvent,
} from '../../../src/app/inbound/remember-inbound-event.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('inbound event ids', () => {
  it('are seen once per source, kept through the retry window, then forgotten', async () => {
    const clock = testClock('2026-11-02T00:00:00Z');
    const deps = testDeps(database, { clock });
    expect(await rememberInboundEvent(deps, 'lark', 'ev-1')).toBe(true);
    expect(await rememberInboundEvent(deps, 'lark', 'ev-1')).toBe(false);
    expect(await rememberInboundEvent(deps, 'slack', 'ev-1')).toBe(true);
    clock.advance(7 * 3_600_000);
    expect(await forgetInboundEventsBefore(deps, 24 * 3_600_000)).toBe(0);
    expect(await rememberInboundEvent(deps, 'lark', 'ev-1')).toBe(false);
    clock.advance(18 * 3_600_000);
    expect(await forgetInboundEventsBefore(deps, 24 * 3_600_000)).toBe(2);
  });
});
