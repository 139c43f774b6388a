import { describe, expect, it } from 'vitest';
import {
  moveTask,
  taskAssignee,
  taskDueOn,
  taskNumber,
  taskSeqOf,
} from '../../../src/domain/collections/follow-up-task.ts';

const monFri = new Set([1, 2, 3, 4, 5]);
const sunThu = new Set([0, 1, 2, 3, 4]);

describe('taskDueOn', () => {
  // 2026-12-04 is a Friday, 2026-12-05 a Saturday, 2026-12-07 a Monday.
  it.each([
    {
      name: 'next working day from a Monday',
      today: '2026-12-07',
      due: undefined,
      days: monFri,
      on: '2026-12-08',
    },
    {
      name: 'next working day from a Friday is Monday',
      today: '2026-12-04',
      due: undefined,
      days: monFri,
      on: '2026-12-07',
    },
    { name: 'from a Saturday, Monday', today: '2026-12-05', due: undefined, days: monFri, on: '2026-12-07' },
    { name: "the step's offset", today: '2026-12-07', due: 3, days: monFri, on: '2026-12-10' },
    {
      name: 'an offset landing on Saturday moves to Monday',
      today: '2026-12-03',
      due: 2,
      days: monFri,
      on: '2026-12-07',
    },
    {
      name: 'offset 0 on a working day is today',
      today: '2026-12-07',
      due: 0,
      days: monFri,
      on: '2026-12-07',
    },
    {
      name: 'Sun-Thu week: Friday moves to Sunday',
      today: '2026-12-03',
      due: undefined,
      days: sunThu,
      on: '2026-12-06',
    },
    {
      name: 'no working days keeps the date',
      today: '2026-12-04',
      due: undefined,
      days: new Set<number>(),
      on: '2026-12-05',
    },
    { name: 'over a month end', today: '2026-12-31', due: undefined, days: monFri, on: '2027-01-01' },
  ])('$name', ({ today, due, days, on }) => {
    expect(taskDueOn(today, due, days)).toBe(on);
  });
});

describe('taskAssignee', () => {
  const rep = { repId: 'rep', repActive: true, managerId: 'boss' };
  it.each([
    { name: 'a step telling the rep: the rep', notify: ['rep', 'manager'] as const, people: rep, to: 'rep' },
    { name: 'a step telling the customer: the rep', notify: ['customer'] as const, people: rep, to: 'rep' },
    {
      name: 'a step telling only the manager: the manager',
      notify: ['manager'] as const,
      people: rep,
      to: 'boss',
    },
    {
      name: 'manager and finance only: the manager',
      notify: ['manager', 'finance'] as const,
      people: rep,
      to: 'boss',
    },
    { name: 'finance only: the rep', notify: ['finance'] as const, people: rep, to: 'rep' },
    {
      name: 'a rep who left: the manager',
      notify: ['rep'] as const,
      people: { ...rep, repActive: false },
      to: 'boss',
    },
    {
      name: 'a rep who left without a manager: still the rep',
      notify: ['rep'] as const,
      people: { ...rep, repActive: false, managerId: null },
      to: 'rep',
    },
    {
      name: 'manager only, no manager: the rep',
      notify: ['manager'] as const,
      people: { ...rep, managerId: null },
      to: 'rep',
    },
    {
      name: 'a rep who is their own manager: the rep',
      notify: ['manager'] as const,
      people: { ...rep, managerId: 'rep' },
      to: 'rep',
    },
  ])('$name', ({ notify, people, to }) => {
    expect(taskAssignee(notify, people)).toBe(to);
  });
});

describe('moveTask', () => {
  it.each([
    { status: 'open', move: 'complete', manager: 'boss', verdict: { ok: true, status: 'done' } },
    { status: 'escalated', move: 'complete', manager: 'boss', verdict: { ok: true, status: 'done' } },
    { status: 'done', move: 'complete', manager: 'boss', verdict: { ok: false, why: 'already_done' } },
    { status: 'open', move: 'escalate', manager: 'boss', verdict: { ok: true, status: 'escalated' } },
    { status: 'open', move: 'escalate', manager: null, verdict: { ok: false, why: 'no_manager' } },
    {
      status: 'escalated',
      move: 'escalate',
      manager: 'boss',
      verdict: { ok: false, why: 'already_escalated' },
    },
    { status: 'done', move: 'escalate', manager: 'boss', verdict: { ok: false, why: 'already_done' } },
  ] as const)('$move on $status (manager $manager)', ({ status, move, manager, verdict }) => {
    expect(moveTask(status, move, manager)).toEqual(verdict);
  });
});

describe('task numbers', () => {
  it.each([
    { seq: 1, number: 'T-000001' },
    { seq: 42, number: 'T-000042' },
    { seq: 1234567, number: 'T-1234567' },
  ])('$seq is $number', ({ seq, number }) => {
    expect(taskNumber(seq)).toBe(number);
    expect(taskSeqOf(number)).toBe(seq);
  });
  it.each(['t42', 'T42', '42', 'T-0042'])('%s reads as 42', (text) => expect(taskSeqOf(text)).toBe(42));
  it.each(['', 'L-000042', 'T-', 'abc'])('%s is no task number', (text) =>
    expect(taskSeqOf(text)).toBeNull(),
  );
});
