// Acknowledged work waits while a burst of requests is still arriving, so the burst's acks never share the CPU with
// it; it starts once the burst has passed, or once the oldest has waited the longest hold.
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { FastifyReceiver } from '../../../adapters/slack/receiver.ts';

function paced() {
  let t = 0;
  const timers: { at: number; run: () => void }[] = [];
  const started: string[] = [];
  const receiver = new FastifyReceiver(
    (e) => {
      throw e;
    },
    {
      workConcurrency: 2,
      quietMs: 15,
      maxHoldMs: 1_000,
      now: () => t,
      later: (run, ms) => timers.push({ at: t + ms, run }),
    },
  );
  // Only processEvent is used by the receiver; each delivery's work is recorded and finishes at once.
  receiver.init({
    processEvent: async (event: { body: { id: string } }) => {
      started.push(event.body.id);
    },
  } as unknown as App);
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  return {
    started,
    // A click arrives at the route and is acknowledged; its work is queued.
    click: async (id: string) => {
      receiver.arrived();
      receiver.enqueue({ id });
      await turn();
    },
    // Moves the clock on, firing due timers, and lets the work that starts run.
    advance: async (ms: number) => {
      t += ms;
      const due = timers.filter((x) => x.at <= t);
      timers.splice(0, timers.length, ...timers.filter((x) => x.at > t));
      for (const timer of due) timer.run();
      for (let i = 0; i < 5; i++) await turn();
    },
  };
}

describe('Slack work paced behind the acks', () => {
  it('starts no work while a burst is arriving, then all of it once the burst has passed', async () => {
    const p = paced();
    for (let i = 0; i < 20; i++) {
      await p.click(`c${i}`);
      await p.advance(1);
    }
    expect(p.started).toEqual([]);
    await p.advance(15);
    await p.advance(1);
    expect(p.started).toEqual(Array.from({ length: 20 }, (_, i) => `c${i}`));
  });

  it('under endless arrivals still starts the work once the oldest has waited the longest hold', async () => {
    const p = paced();
    await p.click('first');
    for (let ms = 0; ms < 990; ms += 10) {
      await p.click(`n${ms}`);
      await p.advance(10);
    }
    expect(p.started).toEqual([]);
    await p.advance(20);
    expect(p.started[0]).toBe('first');
  });

  it('a lone click’s work starts right after the quiet window', async () => {
    const p = paced();
    await p.click('only');
    expect(p.started).toEqual([]);
    await p.advance(15);
    expect(p.started).toEqual(['only']);
  });
});
