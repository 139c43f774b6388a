// The status words an export takes per kind: stored names, spaced or capitalised, and the Chinese labels people use.
import { describe, expect, it } from 'vitest';
import { exportStatusOf } from '../../../src/domain/exports/export-status.ts';

describe('exportStatusOf', () => {
  it.each([
    ['leads', 'accepted', 'accepted'],
    ['leads', 'Accepted ', 'accepted'],
    ['leads', '已接受', 'accepted'],
    ['leads', '待接受', 'offered'],
    ['leads', '已流失', 'lost'],
    ['orders', 'pending approval', 'pending_approval'],
    ['orders', 'pending-approval', 'pending_approval'],
    ['orders', '待审批', 'pending_approval'],
    ['orders', 'canceled', 'cancelled'],
    ['installments', '已批准', 'approved'],
  ] as const)('%s %s is %s', (kind, word, stored) => {
    expect(exportStatusOf(kind, word)).toBe(stored);
  });

  it.each([
    ['leads', 'won'],
    ['leads', 'approved'],
    ['orders', 'accepted'],
    ['orders', '__proto__'],
    ['leads', 'constructor'],
  ] as const)('%s %s is refused naming the field', (kind, word) => {
    expect(() => exportStatusOf(kind, word)).toThrow(
      expect.objectContaining({ code: 'export_unknown_status', field: 'status' }),
    );
  });
});
