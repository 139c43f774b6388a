import { describe, expect, it } from 'vitest';
import { judgeAddress, literalPrivateHost } from '../../../src/domain/webhooks/address.ts';
import { subscribedTo } from '../../../src/domain/webhooks/events.ts';
import {
  webhookMaxAttempts,
  webhookRetryDelayMs,
  webhookRetrySpanMs,
} from '../../../src/domain/webhooks/retry.ts';

describe('which addresses a webhook may go to', () => {
  const cases: [string, boolean][] = [
    ['93.184.216.34', true],
    ['8.8.8.8', true],
    ['2606:4700:4700::1111', true],
    ['127.0.0.1', false],
    ['127.8.9.10', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['172.32.0.1', true],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd00:ec2::254', false],
    ['::ffff:10.0.0.1', false],
    ['::ffff:127.0.0.1', false],
    ['[::1]', false],
  ];
  for (const [address, ok] of cases)
    it(`${address} is ${ok ? 'public' : 'refused'}`, () => {
      expect(judgeAddress(address).ok).toBe(ok);
    });
  it('a host name is not an address; localhost is refused by name', () => {
    expect(judgeAddress('erp.example.com')).toEqual({ ok: false, why: 'not_an_ip' });
    expect(literalPrivateHost('localhost')).toBe(true);
    expect(literalPrivateHost('api.localhost')).toBe(true);
    expect(literalPrivateHost('erp.example.com')).toBe(false);
    expect(literalPrivateHost('[::1]')).toBe(true);
  });
});

describe('webhook retry ladder', () => {
  it('keeps trying for more than a day, waiting longer each time', () => {
    expect(webhookRetrySpanMs()).toBeGreaterThanOrEqual(24 * 3_600_000);
    const waits = Array.from({ length: webhookMaxAttempts - 1 }, (_, i) => webhookRetryDelayMs(i + 1));
    expect(waits[0]).toBe(60_000);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1] as number);
    expect(webhookRetryDelayMs(99)).toBe(waits.at(-1));
  });
});

describe('subscriptions', () => {
  const table: [string[], boolean][] = [
    [['order.approved'], true],
    [['order.rejected', 'order.approved'], true],
    [['order.rejected'], false],
    [['*'], true],
    [[], false],
  ];
  for (const [events, hit] of table)
    it(`${JSON.stringify(events)} ${hit ? 'gets' : 'does not get'} order.approved`, () => {
      expect(subscribedTo(events, 'order.approved')).toBe(hit);
    });
});
