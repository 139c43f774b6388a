// Owns the webhook Transport: an outbox row for platform "webhook" becomes one signed POST to its endpoint, every
// attempt logged; retried on the webhook ladder (over a day), given up at once when the endpoint cannot be sent to.
import { createHmac } from 'node:crypto';
import type { AppDeps } from '../../src/app/deps.ts';
import { RetryableSendError, type Transport } from '../../src/app/transport.ts';
import { type ResolveHost, resolveWithDns } from '../../src/app/webhooks/check-webhook-host.ts';
import { loadWebhookEndpoint, type Secrets } from '../../src/app/webhooks/load-webhook-endpoint.ts';
import { recordWebhookAttempt } from '../../src/app/webhooks/record-webhook-attempt.ts';
import { openEventData } from '../../src/app/webhooks/sealed-event-data.ts';
import type { WebhookEnvelope } from '../../src/domain/webhooks/events.ts';
import { webhookMaxAttempts, webhookRetryDelayMs } from '../../src/domain/webhooks/retry.ts';
import { postSigned } from './send-signed.ts';

// Receivers compare this exact string: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">.
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function createWebhookTransport(
  deps: AppDeps,
  options: { secrets: Secrets; resolve?: ResolveHost },
): Transport {
  const resolve = options.resolve ?? resolveWithDns;
  return {
    platform: 'webhook',
    retry: { maxAttempts: webhookMaxAttempts, delayMs: webhookRetryDelayMs },
    post: async (request) => {
      // The outbox's card column carries the event envelope for webhook rows (written by publishEvent).
      const envelope = request.card as unknown as WebhookEnvelope;
      const endpoint = await loadWebhookEndpoint(deps, request.destination, options.secrets);
      if (!endpoint.ok) throw new Error(endpoint.why);
      // The receiver gets the personal data in the clear; the outbox row keeps it sealed.
      const body = JSON.stringify({ ...envelope, data: openEventData(deps.keyring, envelope.data) });
      const started = deps.clock.now();
      const timestamp = String(Math.floor(started.getTime() / 1000));
      const deliveryId = request.deliveryId ?? '';
      const answer = await postSigned({
        url: endpoint.url,
        body,
        timeoutMs: deps.policy.webhooks.timeoutSeconds * 1000,
        allowPrivate: deps.policy.webhooks.allowPrivate,
        resolve,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'closeloop-webhooks/1',
          'x-closeloop-event': envelope.type,
          'x-closeloop-event-id': envelope.id,
          'x-closeloop-delivery': deliveryId,
          'x-closeloop-timestamp': timestamp,
          'x-closeloop-signature': signWebhook(endpoint.secret, timestamp, body),
        },
      });
      const ok = answer.kind === 'answered' && answer.status >= 200 && answer.status < 300;
      const error = ok
        ? null
        : answer.kind === 'answered'
          ? answer.status >= 300 && answer.status < 400
            ? `HTTP ${answer.status}: redirect to ${answer.location ?? '(no location)'} not followed; subscribe the final URL`
            : `HTTP ${answer.status}`
          : answer.reason;
      await recordWebhookAttempt(deps, {
        endpointId: endpoint.id,
        outboxId: Number(deliveryId),
        eventId: envelope.id,
        attempt: request.attempt ?? 1,
        at: started,
        ok,
        statusCode: answer.kind === 'answered' ? answer.status : null,
        error,
        durationMs: Math.max(0, deps.clock.now().getTime() - started.getTime()),
      });
      if (ok) return { messageId: `${endpoint.id}/${envelope.id}` };
      // An address refused by the SSRF check will not become acceptable by waiting: give up now.
      if (answer.kind === 'refused') throw new Error(`not sent: ${answer.reason}`);
      throw new RetryableSendError(
        error ?? 'failed',
        answer.kind === 'answered' ? answer.retryAfterMs : undefined,
      );
    },
    update: async () => {
      throw new Error('a webhook delivery is never edited');
    },
  };
}
