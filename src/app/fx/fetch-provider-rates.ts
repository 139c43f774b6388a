// Use case: read today's rates from the provider in closeloop.yaml (fx.provider) and record them as finance would,
// under the provider's own source name. The host must be public unless allowed (SSRF); a bad answer records nothing.
import { DomainError } from '../../domain/errors.ts';
import { readProviderAnswer } from '../../domain/fx/provider-answer.ts';
import type { AppDeps } from '../deps.ts';
import { checkWebhookHost, type ResolveHost, resolveWithDns } from '../webhooks/check-webhook-host.ts';
import { type RecordedRate, recordRates } from './record-rates.ts';

// An answer bigger than this is not a rate list.
const maxAnswerBytes = 1_000_000;

export type ProviderOutcome =
  | { fetched: false; why: 'not_configured' }
  | { fetched: false; why: 'refused'; problem: DomainError }
  | { fetched: true; recorded: RecordedRate[] };

export async function fetchProviderRates(
  deps: AppDeps,
  resolve: ResolveHost = resolveWithDns,
): Promise<ProviderOutcome> {
  const provider = deps.policy.fx.provider;
  if (!provider) return { fetched: false, why: 'not_configured' };
  const url = new URL(provider.url);
  // Where the provider is, not its query (which may carry an access key).
  const shown = `${url.protocol}//${url.host}${url.pathname}`;
  const host = await checkWebhookHost(url.hostname, provider.allowPrivate, resolve);
  if (!host.ok)
    return host.why === 'private'
      ? {
          fetched: false,
          why: 'refused',
          problem: new DomainError('invalid', 'fx_provider_private', { url: shown, address: host.address }),
        }
      : {
          fetched: false,
          why: 'refused',
          problem: new DomainError('invalid', 'fx_provider_failed', { url: shown, status: host.detail }),
        };
  let body: unknown;
  try {
    const res = await fetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(provider.timeoutSeconds * 1_000),
    });
    const text = await res.text();
    if (!res.ok || text.length > maxAnswerBytes)
      return {
        fetched: false,
        why: 'refused',
        problem: new DomainError('invalid', 'fx_provider_failed', {
          url: shown,
          status: res.ok ? `${text.length} bytes` : String(res.status),
        }),
      };
    body = JSON.parse(text);
  } catch (error) {
    const status =
      error instanceof SyntaxError ? 'no JSON' : error instanceof Error ? error.name : 'an error';
    return {
      fetched: false,
      why: 'refused',
      problem: new DomainError('invalid', 'fx_provider_failed', { url: shown, status }),
    };
  }
  const reading = readProviderAnswer(body);
  if (!reading.ok) {
    const [first] = reading.problems;
    return {
      fetched: false,
      why: 'refused',
      problem: first ?? new DomainError('invalid', 'fx_provider_shape', { field: 'body' }),
    };
  }
  const recorded = await recordRates(
    deps,
    { kind: 'system', name: 'fx-provider' },
    reading.rates,
    provider.source,
  );
  return { fetched: true, recorded };
}
