// Owns the one HTTP request of a webhook delivery: POST to the endpoint, connecting only to addresses that passed the
// SSRF check (the check and the connection use the same lookup, so DNS cannot change in between), no redirects.
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { checkWebhookHost, type ResolveHost } from '../../src/app/webhooks/check-webhook-host.ts';

export interface SignedPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
  resolve: ResolveHost;
}

export type PostAnswer =
  | { kind: 'answered'; status: number; retryAfterMs?: number; location?: string }
  // The host failed the SSRF check: nothing was sent.
  | { kind: 'refused'; reason: string }
  | { kind: 'failed'; reason: string };

class RefusedHost extends Error {}

// node's connect asks this instead of dns.lookup: it answers only addresses the SSRF check accepted.
function checkedLookup(allowPrivate: boolean, resolve: ResolveHost): LookupFunction {
  return (hostname, options, callback) => {
    checkWebhookHost(hostname, allowPrivate, resolve).then(
      (verdict) => {
        if (!verdict.ok) {
          const why =
            verdict.why === 'private'
              ? `${hostname} resolves to the private address ${verdict.address}`
              : `${hostname} does not resolve (${verdict.detail})`;
          callback(new RefusedHost(why), '', 4);
          return;
        }
        const all = verdict.addresses.map((address) => ({ address, family: isIP(address) }));
        if (options.all) (callback as (e: null, a: typeof all) => void)(null, all);
        else callback(null, all[0]?.address ?? '', all[0]?.family ?? 4);
      },
      (error: unknown) => callback(error as Error, '', 4),
    );
  };
}

export async function postSigned(request: SignedPost): Promise<PostAnswer> {
  const url = new URL(request.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // A literal address never reaches the lookup, so it is judged here.
  if (isIP(host)) {
    const verdict = await checkWebhookHost(host, request.allowPrivate, request.resolve);
    if (!verdict.ok) return { kind: 'refused', reason: `${host} is a loopback/private address` };
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<PostAnswer>((resolve) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        lookup: checkedLookup(request.allowPrivate, request.resolve),
        timeout: request.timeoutMs,
        // A fresh connection per delivery: a kept-alive socket would skip the lookup, and with it the check.
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const retryAfter = Number(res.headers['retry-after']);
          resolve({
            kind: 'answered',
            status: res.statusCode ?? 0,
            ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
            ...(typeof res.headers.location === 'string' ? { location: res.headers.location } : {}),
          });
        });
        res.on('error', (e) => resolve({ kind: 'failed', reason: e.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${request.timeoutMs / 1000}s`)));
    req.on('error', (e) =>
      resolve(
        e instanceof RefusedHost
          ? { kind: 'refused', reason: e.message }
          : { kind: 'failed', reason: e.message },
      ),
    );
    req.end(request.body);
  });
}
