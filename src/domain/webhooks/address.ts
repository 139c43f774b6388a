// Owns which network addresses a webhook may be sent to: public ones only, unless the admin allows private networks.
import { BlockList, isIP } from 'node:net';

// Loopback, private, link-local (cloud metadata at 169.254.169.254), CGNAT, multicast, reserved and their IPv6 forms.
const v4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const v6: [string, number][] = [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b::', 96],
];

function blockList(): BlockList {
  const list = new BlockList();
  for (const [net, prefix] of v4) list.addSubnet(net, prefix, 'ipv4');
  for (const [net, prefix] of v6) list.addSubnet(net, prefix, 'ipv6');
  return list;
}

export type AddressVerdict = { ok: true } | { ok: false; why: 'private' | 'not_an_ip' };

// An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is judged as the IPv4 address it carries.
export function judgeAddress(address: string, blocked: BlockList = blockList()): AddressVerdict {
  const bare = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1];
  const ip = mapped ?? bare;
  const family = isIP(ip);
  if (family === 0) return { ok: false, why: 'not_an_ip' };
  return blocked.check(ip, family === 4 ? 'ipv4' : 'ipv6') ? { ok: false, why: 'private' } : { ok: true };
}

// A host written as an address (not a name) that is private: refused without looking anything up.
export function literalPrivateHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare.toLowerCase() === 'localhost' || bare.toLowerCase().endsWith('.localhost')) return true;
  const verdict = judgeAddress(bare);
  return !verdict.ok && verdict.why === 'private';
}
