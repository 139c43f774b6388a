// The shipped closeloop.yaml names, in Chinese, the regions and industries the demo organisation shows a zh-CN reader:
// every one `seed demo` uses. Otherwise a first trial reads 地区 north, 行业 retail in the middle of Chinese cards.
import { describe, expect, it } from 'vitest';
import { demoCustomers, demoRegions } from '../../src/app/seed/demo-data.ts';
import { label, labelBook } from '../../src/domain/labels.ts';
import { customerReminderEmail } from '../../src/messages/catalogue/collections-reminders.ts';
import { examplePolicy } from '../helpers/deps.ts';

const policy = examplePolicy();
const unlabelled = (kind: 'regions' | 'industries', names: Iterable<string>) =>
  [...new Set(names)].filter((name) => label(policy.labels.book, kind, name, 'zh-CN') === null);

describe('closeloop.yaml labels for the demo organisation', () => {
  it('gives every demo region and industry a Chinese label', () => {
    expect(unlabelled('regions', [...demoRegions, ...demoCustomers.map((c) => c.region)])).toEqual([]);
    expect(
      unlabelled(
        'industries',
        demoCustomers.map((c) => c.industry),
      ),
    ).toEqual([]);
  });
});

describe('closeloop.yaml labels for payment plans and their steps', () => {
  it('labels every shipped plan and every step of it in both languages', () => {
    const missing = (kind: 'paymentPlans' | 'steps', names: Iterable<string>) =>
      [...new Set(names)].flatMap((name) =>
        (['zh-CN', 'en'] as const)
          .filter((locale) => label(policy.labels.book, kind, name, locale) === null)
          .map((locale) => `${name} (${locale})`),
      );
    expect(missing('paymentPlans', Object.keys(policy.paymentPlans))).toEqual([]);
    expect(
      missing(
        'steps',
        Object.values(policy.paymentPlans).flatMap((steps) => (steps ?? []).map((s) => s.label)),
      ),
    ).toEqual([]);
  });

  // Decided: a step labelled only in Chinese reads as its name to an English customer, never the Chinese label.
  it('an English reminder shows a step without an English label by its name, not its Chinese label', () => {
    const labels = labelBook({ steps: { Deposit: { 'zh-CN': '定金' } } });
    const email = customerReminderEmail(
      {
        org: 'closeloop',
        customerName: 'Acme',
        repName: 'Li Lei',
        items: [
          {
            orderNumber: 'SO-2026-00012',
            installmentLabel: 'Deposit',
            labels,
            dueOn: '2026-12-01',
            outstandingMinor: 30_000,
            currency: 'CNY',
            daysPastDue: 0,
          },
        ],
      },
      'en',
    );
    expect(email.text).toContain('SO-2026-00012 (Deposit)');
    expect(email.text).not.toContain('定金');
  });
});
