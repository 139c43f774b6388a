// Use case step: may a delivery go to this host? Every address it resolves to must be public (SSRF), unless
// closeloop.yaml allows private networks. Asked when an endpoint is subscribed and again before every send.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { judgeAddress, literalPrivateHost } from '../../domain/webhooks/address.ts';

// Every address a host name resolves to (a literal address answers itself).
export type ResolveHost = (host: string) => Promise<string[]>;

export const resolveWithDns: ResolveHost = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

export type HostVerdict =
  | { ok: true; addresses: string[] }
  | { ok: false; why: 'private'; address: string }
  | { ok: false; why: 'unresolvable'; detail: string };

export async function checkWebhookHost(
  host: string,
  allowPrivate: boolean,
  resolve: ResolveHost,
): Promise<HostVerdict> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (!allowPrivate && literalPrivateHost(bare)) return { ok: false, why: 'private', address: bare };
  let addresses: string[];
  try {
    addresses = isIP(bare) ? [bare] : await resolve(bare);
  } catch (error) {
    return { ok: false, why: 'unresolvable', detail: error instanceof Error ? error.message : String(error) };
  }
  if (addresses.length === 0) return { ok: false, why: 'unresolvable', detail: 'no addresses' };
  if (!allowPrivate) {
    // One private answer is enough to refuse: a rebinding host may hand out the public one only to the checker.
    const bad = addresses.find((a) => !judgeAddress(a).ok);
    if (bad) return { ok: false, why: 'private', address: bad };
  }
  return { ok: true, addresses };
}
