// Use case: (re)seal personal data under the current key in batches — plain values left from before encryption and
// values under an older key alike — one transaction per batch, resumable, safe while the app runs (SKIP LOCKED).
import {
  countByKey,
  type SealedColumn,
  sealedColumns,
  valuesToReseal,
  writeResealed,
} from '../../db/sealed-values.ts';
import type { AppDeps } from '../deps.ts';

export interface ResealProgress {
  column: SealedColumn;
  done: number;
}

export async function resealPersonalData(
  deps: AppDeps,
  options: { batch?: number; onProgress?: (p: ResealProgress) => void } = {},
): Promise<number> {
  const ring = deps.keyring;
  const batch = options.batch ?? 1_000;
  let total = 0;
  for (const column of sealedColumns) {
    let done = 0;
    for (;;) {
      const n = await deps.db.transaction(async (tx) => {
        const rows = await valuesToReseal(tx, column, ring.currentKid, batch);
        await writeResealed(
          tx,
          column,
          rows.map((r) => ({ id: r.id, before: r.value, after: ring.encrypt(ring.decrypt(r.value)) })),
        );
        return rows.length;
      });
      if (n === 0) break;
      done += n;
      options.onProgress?.({ column, done });
    }
    total += done;
  }
  return total;
}

// Sealed values per key id ('plain': not sealed yet), per column.
export async function personalDataKeyStatus(
  deps: AppDeps,
): Promise<Array<{ column: string; kid: string; n: number }>> {
  const out: Array<{ column: string; kid: string; n: number }> = [];
  for (const column of sealedColumns)
    for (const r of await countByKey(deps.db, column))
      out.push({ column: `${column.table}.${column.column}`, kid: r.kid, n: r.n });
  return out;
}
