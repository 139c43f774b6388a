// A card's footer says what is true now: an accepted or claimed lead no longer "waits for your next shift" or goes
// "to the first to claim"; a matched or split bank line is no longer "unknown payer".
import { describe, expect, it } from 'vitest';
import {
  acceptedCard,
  claimCard,
  claimedCard,
  type LeadCardData,
  offerCard,
  wentToCard,
} from '../../src/messages/catalogue/leads.ts';
import { type ReconExceptionCardData, reconExceptionCard } from '../../src/messages/catalogue/reconcile.ts';

const offShift: LeadCardData = {
  id: '5f0c1a8e-2b7d-4c1e-9a3f-1d2e3f4a5b6c',
  number: 'L-000042',
  name: '王芳',
  company: '星辰精密',
  email: null,
  phone: null,
  region: 'east',
  industry: null,
  source: 'website',
  campaign: null,
  reason: { rule: 'East', strategy: 'round-robin', detail: { offShift: true } },
};
const claimPool: LeadCardData = {
  ...offShift,
  reason: { rule: 'Pool', strategy: 'claim', detail: {} },
};

describe('lead card footers', () => {
  it('the offer says it waits for the next shift; once accepted the footer no longer does', () => {
    expect(offerCard(offShift, 'zh-CN').context).toContain('当前无人在班');
    expect(acceptedCard(offShift, '李雷', 'zh-CN').context).not.toContain('当前无人在班');
    expect(acceptedCard(offShift, 'Li', 'en').context).not.toContain('nobody was on shift');
    expect(acceptedCard(offShift, 'Li', 'en').context).toContain('round-robin');
  });

  it('the claim card says first to claim gets it; once claimed it does not', () => {
    expect(claimCard(claimPool, 'en').context).toContain('first to claim gets it');
    expect(claimedCard(claimPool, 'Li', 'en').context).not.toContain('first to claim');
    expect(claimedCard(claimPool, '李雷', 'zh-CN').context).not.toContain('先认领者得');
  });

  it('a passed-on offer says who has the lead now', () => {
    const card = wentToCard(offShift, 'Han Meimei', 'en');
    expect(card.title).toBe('王芳 went to Han Meimei');
    expect(card.body).toContain('no longer yours');
    expect(card.actions).toEqual([]);
    expect(wentToCard(offShift, '韩梅梅', 'zh-CN').title).toBe('王芳 已转给 韩梅梅');
  });
});

const line: ReconExceptionCardData = {
  exceptionId: '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918',
  kind: 'unknown_payer',
  reference: null,
  bookedOn: '2026-05-06',
  amountMinor: 50_000_00,
  currency: 'CNY',
  payer: '某某贸易',
  memo: null,
  bankTxnId: 'TXN-1',
  suggestions: [],
  bankTransactionId: '7d3f7a38-6a8e-4a44-9a55-0b7a4e0b9c11',
} as ReconExceptionCardData;

describe('reconciliation exception footers', () => {
  it('an open unknown-payer line says so', () => {
    expect(reconExceptionCard(line, 'zh-CN').context).toBe('对账异常 · 付款人未知');
  });

  it('a matched line no longer says unknown payer', () => {
    const card = reconExceptionCard(
      {
        ...line,
        matched: { by: '陈静', at: '2026-05-06 14:40', orders: 'SO-2026-00012' },
      } as ReconExceptionCardData,
      'zh-CN',
    );
    expect(card.context).not.toContain('付款人未知');
    expect(card.context).toBe('对账异常 · 已处理');
  });

  it('a split line no longer says unknown payer, whether finished or with the rest open', () => {
    const split = {
      by: '陈静',
      at: '2026-05-06 14:32',
      parts: [{ label: 'SO-2026-00012#1', amountMinor: 30_000_00 }],
      remainderMinor: 20_000_00,
    };
    const open = reconExceptionCard(
      { ...line, split: { ...split, rest: 'open' } } as ReconExceptionCardData,
      'zh-CN',
    );
    expect(open.context).toBe('对账异常 · 已部分拆分，剩余待处理');
    const credit = reconExceptionCard(
      { ...line, split: { ...split, rest: 'credit' } } as ReconExceptionCardData,
      'en',
    );
    expect(credit.context).toBe('Reconciliation exception · resolved');
  });
});
