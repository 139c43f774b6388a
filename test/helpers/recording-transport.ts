// A Transport that records what it was asked to send, and can be told to fail the next sends.
import type { Platform } from '../../src/app/deps.ts';
import { RetryableSendError, type SendRequest, type Transport } from '../../src/app/transport.ts';

export interface Recorded {
  op: 'post' | 'update';
  destination: string;
  title: string;
  messageId: string;
  idempotencyKey: string;
}

export interface RecordingTransport extends Transport {
  sent: Recorded[];
  // The next n sends fail with a retryable error carrying retryAfterMs.
  failNext(n: number, retryAfterMs?: number): void;
}

export function recordingTransport(platform: Platform = 'slack'): RecordingTransport {
  const sent: Recorded[] = [];
  let failures = 0;
  let retryAfter: number | undefined;
  let counter = 0;
  const maybeFail = () => {
    if (failures > 0) {
      failures -= 1;
      throw new RetryableSendError('429 ratelimited', retryAfter);
    }
  };
  return {
    platform,
    sent,
    failNext: (n, ms) => {
      failures = n;
      retryAfter = ms;
    },
    post: async (r: SendRequest) => {
      maybeFail();
      counter += 1;
      const messageId = `m${counter}`;
      sent.push({
        op: 'post',
        destination: r.destination,
        title: r.card.title,
        messageId,
        idempotencyKey: r.idempotencyKey,
      });
      return { messageId };
    },
    update: async (r) => {
      maybeFail();
      sent.push({
        op: 'update',
        destination: r.destination,
        title: r.card.title,
        messageId: r.messageId,
        idempotencyKey: r.idempotencyKey,
      });
    },
  };
}
