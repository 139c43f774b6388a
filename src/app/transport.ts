// Owns the port every chat platform implements so src/app can deliver without knowing any platform.
import type { Card, Locale } from '../messages/model.ts';
import type { Platform } from './deps.ts';

// Where an outbox row goes: a chat platform, or a subscribed system's webhook endpoint.
export type OutboxPlatform = Platform | 'webhook';

export interface SendRequest {
  destination: string;
  card: Card;
  locale: Locale;
  // Stable across retries of one outbox row; a platform that supports it dedupes on it.
  idempotencyKey: string;
  // The outbox row's id: a platform without idempotency keys tags the message with it so findPosted can find it.
  deliveryId?: string;
  // What earlier tries of this send uploaded; a transport looks here before uploading a chart again.
  uploads?: UploadCache;
  // Which try of this row this is (1 = the first), for a transport that logs its attempts.
  attempt?: number;
}

export interface UploadCache {
  get(key: string): string | undefined;
  // Stored before the message is sent, so a send that fails after the upload reuses the file on its retry.
  remember(key: string, id: string): Promise<void>;
}

// Posts an earlier attempt may have made to one destination since `since` (its in-flight mark, our clock).
export interface PostedLookup {
  destination: string;
  since: Date;
  deliveryIds: readonly string[];
}

export interface Transport {
  readonly platform: OutboxPlatform;
  // A transport with its own retry ladder (webhooks retry for over a day); left out, the outbox's default backoff.
  readonly retry?: { maxAttempts: number; delayMs(failedAttempts: number): number };
  post(request: SendRequest): Promise<{ messageId: string }>;
  update(request: SendRequest & { messageId: string }): Promise<void>;
  // For a platform that cannot dedupe a post itself: which of these deliveries are already there (deliveryId → message id).
  findPosted?(lookup: PostedLookup): Promise<Map<string, string>>;
}

// Thrown by a transport for a failure worth retrying (network, 5xx, 429); anything else is permanent.
export class RetryableSendError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    // True when our own pacing deferred the send before it was tried: it does not use up an attempt.
    readonly deferredByPacing = false,
    // True when the platform certainly did not take it (paced, 429): a post then needs no look before its retry.
    readonly notSent = deferredByPacing,
  ) {
    super(message);
  }
}

// The platform refused our own credentials (a wrong or rotated app secret): no card can go until an admin fixes
// them, and none is lost meanwhile — the row waits, backing off to the cap, and is never dead-lettered for it.
export class CredentialsRefusedError extends RetryableSendError {
  constructor(message: string) {
    super(message, undefined, false, true);
  }
}
