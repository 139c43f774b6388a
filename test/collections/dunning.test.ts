import { describe, expect, it } from 'vitest';
import {
  type DunningStepRule,
  dunningKey,
  type OpenInstallment,
  planDunning,
} from '../../src/domain/collections/dunning.ts';

const steps: DunningStepRule[] = [
  { offsetDays: 0, notify: ['rep', 'finance'], task: false },
  { offsetDays: -3, notify: ['rep'], task: false },
  { offsetDays: 3, notify: ['rep', 'manager'], task: true },
];

const inst = (over: Partial<OpenInstallment> = {}): OpenInstallment => ({
  id: 'i1',
  orderNumber: 'SO-2026-00001',
  dueOn: '2026-11-10',
  amountMinor: 10_000,
  paidMinor: 0,
  currency: 'CNY',
  repId: 'rep1',
  ...over,
});

const summary = (plan: ReturnType<typeof planDunning>) => ({
  fire: plan.fire.map((d) => `${d.installment.id}@${d.step.offsetDays}`),
  skip: plan.skip.map((d) => `${d.installment.id}@${d.step.offsetDays}`),
});

describe('planDunning', () => {
  it.each([
    ['before the first step', '2026-11-06', [], { fire: [], skip: [] }],
    ['on the -3d step', '2026-11-07', [], { fire: ['i1@-3'], skip: [] }],
    ['after -3d fired, between steps', '2026-11-08', ['i1:-3'], { fire: [], skip: [] }],
    ['on the due date after -3d fired', '2026-11-10', ['i1:-3'], { fire: ['i1@0'], skip: [] }],
    ['on +3d, all earlier fired', '2026-11-13', ['i1:-3', 'i1:0'], { fire: ['i1@3'], skip: [] }],
    ['every step done', '2026-12-30', ['i1:-3', 'i1:0', 'i1:3'], { fire: [], skip: [] }],
    ['app down until +5: only +3 is sent', '2026-11-15', [], { fire: ['i1@3'], skip: ['i1@-3', 'i1@0'] }],
    ['app down over the due date', '2026-11-11', ['i1:-3'], { fire: ['i1@0'], skip: [] }],
    ['down from -3 to +1', '2026-11-11', [], { fire: ['i1@0'], skip: ['i1@-3'] }],
    [
      'latest fired, an earlier step added later is skipped',
      '2026-11-14',
      ['i1:3'],
      { fire: [], skip: ['i1@-3', 'i1@0'] },
    ],
  ])('%s', (_name, today, done, expected) => {
    expect(summary(planDunning([inst()], steps, new Set(done), today))).toEqual(expected);
  });

  it.each([
    ['fully paid', { paidMinor: 10_000 }, { fire: [], skip: [] }],
    ['overpaid', { paidMinor: 12_000 }, { fire: [], skip: [] }],
    ['partly paid still reminded', { paidMinor: 9_999 }, { fire: ['i1@0'], skip: ['i1@-3'] }],
  ])('%s', (_name, over, expected) => {
    expect(summary(planDunning([inst(over)], steps, new Set(), '2026-11-10'))).toEqual(expected);
  });

  it('plans each installment on its own', () => {
    const plan = planDunning(
      [inst({ id: 'a', dueOn: '2026-11-13' }), inst({ id: 'b', dueOn: '2026-11-10' }), inst({ id: 'c' })],
      steps,
      new Set([dunningKey('c', 0)]),
      '2026-11-10',
    );
    expect(summary(plan)).toEqual({ fire: ['a@-3', 'b@0'], skip: ['b@-3', 'c@-3'] });
  });

  it('crosses month and year ends by calendar days', () => {
    const plan = planDunning([inst({ dueOn: '2027-01-01' })], steps, new Set(), '2026-12-29');
    expect(summary(plan)).toEqual({ fire: ['i1@-3'], skip: [] });
  });
});

describe('planDunning with a credit_hold step', () => {
  const ladder: DunningStepRule[] = [
    ...steps,
    { offsetDays: 30, notify: ['rep', 'manager', 'finance'], task: false, creditHold: true },
    { offsetDays: 45, notify: ['manager'], task: false },
  ];
  it.each([
    [
      'on +30 the hold fires like any step',
      '2026-12-10',
      ['i1:-3', 'i1:0', 'i1:3'],
      { fire: ['i1@30'], skip: [] },
    ],
    [
      'down from +3 to +50: the hold still takes effect beside the latest step',
      '2026-12-30',
      ['i1:-3', 'i1:0', 'i1:3'],
      { fire: ['i1@30', 'i1@45'], skip: [] },
    ],
    [
      'a hold already fired is not fired again',
      '2026-12-30',
      ['i1:-3', 'i1:0', 'i1:3', 'i1:30', 'i1:45'],
      { fire: [], skip: [] },
    ],
  ])('%s', (_name, today, done, expected) => {
    expect(summary(planDunning([inst()], ladder, new Set(done), today))).toEqual(expected);
  });
});
