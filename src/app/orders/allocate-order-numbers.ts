// Owns the one numbering orders carry, SO-<year>-<seq>: the seq taken before the insert that needs it
// (src/db/order-seqs.ts), the year the order's creation day in the org calendar. Live and seeded orders draw from it
// alike, so the next live order follows the last one made, whichever made it.
import type { Tx } from '../../db/client.ts';
import { nextOrderSeqs } from '../../db/order-seqs.ts';
import { localDate } from '../../domain/time.ts';

export interface OrderNumber {
  seq: number;
  number: string;
}

// One number per creation instant, in the order given; seqs ascend with the instants, so older orders read lower.
export async function allocateOrderNumbers(
  tx: Tx,
  timezone: string,
  createdAt: readonly Date[],
): Promise<OrderNumber[]> {
  const seqs = await nextOrderSeqs(tx, createdAt.length);
  const byTime = createdAt.map((at, i) => ({ at, i })).sort((a, b) => a.at.getTime() - b.at.getTime());
  const numbers: OrderNumber[] = new Array(createdAt.length);
  byTime.forEach(({ at, i }, k) => {
    const seq = seqs[k] as number;
    numbers[i] = { seq, number: `SO-${localDate(at, timezone).slice(0, 4)}-${String(seq).padStart(5, '0')}` };
  });
  return numbers;
}
