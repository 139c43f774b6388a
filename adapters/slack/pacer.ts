// Owns Slack pacing: one token bucket per key (a channel, a Web API method), kept per transport instance.

export interface Rate {
  // Sustained calls per minute.
  perMinute: number;
  // How many may go at once after a quiet spell.
  burst: number;
}

// Slack's limits: chat.postMessage about 1 message a second per channel and several hundred a minute per workspace;
// chat.update is Tier 3 (50+ a minute). Bursts are allowed, so each key starts with a few tokens.
export const slackRates = {
  channel: { perMinute: 60, burst: 1 },
  'chat.postMessage': { perMinute: 600, burst: 60 },
  'chat.update': { perMinute: 50, burst: 20 },
  // Looking for posts a crash left unanswered: conversations.history is Tier 3 for internal apps, the others Tier 3/4.
  'conversations.history': { perMinute: 50, burst: 5 },
  'conversations.open': { perMinute: 50, burst: 5 },
  'auth.test': { perMinute: 100, burst: 2 },
  // files.getUploadURLExternal / completeUploadExternal are Tier 4 (100+ a minute).
  'files.upload': { perMinute: 100, burst: 20 },
} satisfies Record<string, Rate>;

interface Bucket {
  // May go negative: the calls already promised a later slot.
  tokens: number;
  at: number;
  // A 429 holds every call on this key until then.
  heldUntil: number;
}

export class Pacer {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  private bucket(key: string, rate: Rate): Bucket {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: rate.burst, at: now, heldUntil: 0 };
    b.tokens = Math.min(rate.burst, b.tokens + ((now - b.at) * rate.perMinute) / 60_000);
    b.at = now;
    this.buckets.set(key, b);
    return b;
  }

  // How long a call on `key` would wait now, without taking a slot.
  waitFor(key: string, rate: Rate): number {
    const b = this.bucket(key, rate);
    const hold = Math.max(0, b.heldUntil - this.now());
    const debt = b.tokens >= 1 ? 0 : ((1 - b.tokens) * 60_000) / rate.perMinute;
    return Math.ceil(Math.max(hold, debt));
  }

  // Takes a slot and says how long to wait for it.
  take(key: string, rate: Rate): number {
    const wait = this.waitFor(key, rate);
    const b = this.bucket(key, rate);
    b.tokens -= 1;
    return wait;
  }

  // Slack said 429: nothing more on this key until Retry-After has passed.
  hold(key: string, ms: number): void {
    const b = this.buckets.get(key);
    const until = this.now() + ms;
    if (b) b.heldUntil = Math.max(b.heldUntil, until);
    else this.buckets.set(key, { tokens: 0, at: this.now(), heldUntil: until });
  }
}
