import { describe, expect, it } from 'vitest';
import { type AllocationFact, installmentStatus } from '../../src/domain/collections/installment-status.ts';

const cash = (amountMinor: number, undone = false): AllocationFact => ({ amountMinor, kind: 'auto', undone });
const off = (amountMinor: number): AllocationFact => ({ amountMinor, kind: 'write_off', undone: false });
const due = { amountMinor: 60_000, dueOn: '2026-12-01' };

describe('installmentStatus', () => {
  it.each([
    ['nothing paid, weeks ahead', [], '2026-11-01', 'scheduled'],
    ['nothing paid, within a week of the due date', [], '2026-11-24', 'due'],
    ['nothing paid, on the due date', [], '2026-12-01', 'due'],
    ['nothing paid, a day late', [], '2026-12-02', 'overdue'],
    ['part paid, late: still partly paid (not paid)', [cash(20_000)], '2026-12-20', 'partly_paid'],
    ['paid in two parts', [cash(20_000), cash(40_000)], '2026-12-20', 'paid'],
    ['paid short, the rest written off within tolerance', [cash(59_700), off(300)], '2026-12-20', 'paid'],
    ['closed without any cash', [off(60_000)], '2026-12-20', 'written_off'],
    ['an undone payment no longer counts', [cash(60_000, true)], '2026-12-20', 'overdue'],
    ['one of two payments undone', [cash(20_000), cash(40_000, true)], '2026-11-01', 'partly_paid'],
  ] as const)('%s', (_name, allocations, today, expected) => {
    expect(installmentStatus(due, allocations, today)).toBe(expected);
  });
});
