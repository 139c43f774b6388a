// Owns Slack's HTTP edge: signature check on the raw bytes, body parsing, and a Bolt Receiver whose ack becomes the HTTP answer.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';

// Slack refuses nothing older; we refuse anything further than this from our clock, either way.
export const signatureWindowSeconds = 5 * 60;

export interface SignedRequest {
  signingSecret: string;
  rawBody: string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
}

// v0 = HMAC-SHA256 of "v0:{timestamp}:{raw body}" with the signing secret, hex; compared in constant time.
export function signatureOf(signingSecret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export function isSignedBySlack(request: SignedRequest): boolean {
  const { timestamp, signature } = request;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(request.nowMs / 1000 - Number(timestamp)) > signatureWindowSeconds) return false;
  const expected = Buffer.from(signatureOf(request.signingSecret, timestamp, request.rawBody));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// Events come as JSON; interactivity as a form with one JSON `payload`; slash commands as plain form fields.
export function parseSlackBody(
  rawBody: string,
  contentType: string | undefined,
): Record<string, unknown> | null {
  try {
    if (contentType?.includes('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(rawBody);
      const payload = form.get('payload');
      if (payload !== null) return JSON.parse(payload) as Record<string, unknown>;
      return Object.fromEntries(form);
    }
    const parsed: unknown = JSON.parse(rawBody);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

export type AckBody = string | Record<string, unknown> | undefined;

// Deliveries whose listeners always acknowledge with an empty body (clicks, slash commands, events): the HTTP answer is
// sent straight after the signature check and the work runs after it. A modal submission answers with its field errors
// and an options request with its options, so those still wait for their listener.
export function acknowledgedFirst(body: Record<string, unknown>): boolean {
  return typeof body.command === 'string' || body.type === 'block_actions' || body.type === 'event_callback';
}

// At most this many already-acknowledged deliveries run at once; the rest wait in arrival order. Each running one
// feeds the event loop database and Slack answers; fewer of them between two requests is what keeps a later request's
// ack from waiting behind the work of the earlier ones. Measured (`npm run bench -- slack`, 200 concurrent claims,
// noisy 2-core machine): p99 528 / 802 ms with 8, 288 / 376 / 70 ms with 2, 212 ms with 1; every reply out after
// ~2.0 s with 2 against ~1.5 s with 8.
export const defaultWorkConcurrency = 2;

// How acknowledged work is paced behind the acks. While requests keep arriving (a burst of clicks: a gap shorter than
// quietMs), no new work starts, so every ack of the burst has the CPU to itself; the work starts once the burst has
// passed, or once the oldest has waited maxHoldMs (endless load still gets its work done). Slack's deadline is on the
// ack; a reply a fraction of a second later is not noticed.
export interface WorkPacing {
  workConcurrency?: number;
  quietMs?: number;
  maxHoldMs?: number;
  // Monotonic milliseconds and a timer, given by tests.
  now?: () => number;
  later?: (run: () => void, ms: number) => void;
}

interface Queued {
  at: number;
  run: () => Promise<void>;
}

// Hands a verified request to Bolt and resolves with what the listener acknowledged, as soon as it does.
export class FastifyReceiver implements Receiver {
  private app: App | undefined;
  // Requests handed to Bolt whose ack has not been given yet, and the work waiting for that count to reach zero.
  private unacked = 0;
  private waitingForAcks: Array<() => void> = [];

  // Acknowledged deliveries waiting for a turn, and how many are running.
  private readonly queued: Queued[] = [];
  private running = 0;
  private lastArrival = Number.NEGATIVE_INFINITY;
  private wakeSet = false;
  private readonly workConcurrency: number;
  private readonly quietMs: number;
  private readonly maxHoldMs: number;
  private readonly now: () => number;
  private readonly later: (run: () => void, ms: number) => void;

  constructor(
    private readonly onLateError: (error: unknown) => void,
    pacing: WorkPacing = {},
  ) {
    this.workConcurrency = pacing.workConcurrency ?? defaultWorkConcurrency;
    this.quietMs = pacing.quietMs ?? 15;
    this.maxHoldMs = pacing.maxHoldMs ?? 1_000;
    this.now = pacing.now ?? (() => performance.now());
    this.later = pacing.later ?? ((run, ms) => void setTimeout(run, ms).unref());
  }

  // A request reached the route (before its signature is checked): the burst it belongs to is not over.
  arrived(): void {
    this.lastArrival = this.now();
  }

  init(app: App): void {
    this.app = app;
  }

  // Fastify owns the listening socket; there is nothing to start or stop here.
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  // Resolves once every request received so far has had its ack, so the work a click starts after its own ack never
  // takes the CPU from another click's ack (200 at once otherwise queue behind each other's database work). Under
  // endless load it still resolves after maxWaitMs: Slack's deadline is on the ack, the work may wait that long.
  acksSent(maxWaitMs = 1_000): Promise<void> {
    return new Promise<void>((resolve) => {
      setImmediate(() => {
        if (this.unacked === 0) return resolve();
        const timer = setTimeout(resolve, maxWaitMs);
        this.waitingForAcks.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    });
  }

  private settled(): void {
    this.unacked -= 1;
    if (this.unacked > 0) return;
    const waiting = this.waitingForAcks;
    this.waitingForAcks = [];
    // After this tick, so the ack just given is written to its socket before the work starts.
    setImmediate(() => {
      for (const go of waiting) go();
    });
  }

  // Runs a delivery whose HTTP answer was already sent: its listener's ack() is then a no-op, and nothing it does can
  // change that answer. It starts on a later turn of the event loop, so the answer is written first.
  enqueue(body: Record<string, unknown>, retryNum?: number, retryReason?: string): void {
    const app = this.app;
    if (!app) throw new Error('the Slack receiver was never given its app');
    this.queued.push({
      at: this.now(),
      run: () =>
        app.processEvent({
          body,
          ...(retryNum === undefined ? {} : { retryNum }),
          ...(retryReason === undefined ? {} : { retryReason }),
          ack: async () => {},
        }),
    });
    setImmediate(() => this.pump());
  }

  // How long the queued work should still wait for the burst to pass; 0 when it may start.
  private holdFor(): number {
    const oldest = this.queued[0];
    if (!oldest) return 0;
    const now = this.now();
    const quietIn = this.lastArrival + this.quietMs - now;
    const heldOut = oldest.at + this.maxHoldMs - now;
    return quietIn > 0 && heldOut > 0 ? Math.min(quietIn, heldOut) : 0;
  }

  private pump(): void {
    if (this.running >= this.workConcurrency || this.queued.length === 0) return;
    const hold = this.holdFor();
    if (hold > 0) {
      if (this.wakeSet) return;
      this.wakeSet = true;
      this.later(() => {
        this.wakeSet = false;
        this.pump();
      }, Math.ceil(hold));
      return;
    }
    while (this.running < this.workConcurrency) {
      const work = this.queued.shift()?.run;
      if (!work) return;
      this.running += 1;
      work()
        .catch(this.onLateError)
        .finally(() => {
          this.running -= 1;
          setImmediate(() => this.pump());
        });
    }
  }

  dispatch(body: Record<string, unknown>, retryNum?: number, retryReason?: string): Promise<AckBody> {
    const app = this.app;
    if (!app) return Promise.reject(new Error('the Slack receiver was never given its app'));
    this.unacked += 1;
    return new Promise<AckBody>((resolve, reject) => {
      let answered = false;
      const event: ReceiverEvent = {
        body,
        ...(retryNum === undefined ? {} : { retryNum }),
        ...(retryReason === undefined ? {} : { retryReason }),
        ack: async (response?: AckBody) => {
          if (answered) return;
          answered = true;
          this.settled();
          resolve(response);
        },
      };
      app.processEvent(event).then(
        // Nothing listened (an event we do not use): Slack still wants its 200.
        () => {
          if (!answered) {
            answered = true;
            this.settled();
            resolve(undefined);
          }
        },
        (error: unknown) => {
          if (answered) this.onLateError(error);
          else {
            answered = true;
            this.settled();
            reject(error);
          }
        },
      );
    });
  }
}
