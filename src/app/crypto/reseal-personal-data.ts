// Use case: (re)seal personal data under the current key in batches — plain values left from before encryption and
// values under an older key alike, rendered cards (outbox, console history) included — one transaction per batch,
// resumable, safe while the app runs (SKIP LOCKED).
import {
  cardsToReseal,
  countByKey,
  countCardsByKey,
  leadsWithPlainKeys,
  type SealedCardTable,
  type SealedColumn,
  sealedCardTables,
  sealedColumns,
  valuesToReseal,
  writeLeadBlindIndexes,
  writeResealed,
  writeResealedCards,
} from '../../db/sealed-values.ts';
import { taxIdKey } from '../../domain/customers/tax-id.ts';
import { normaliseEmail, normalisePhone } from '../../domain/leads/normalise.ts';
import type { AppDeps } from '../deps.ts';
import { resealCard } from './seal-card.ts';

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
          rows.map((r) => {
            const plain = ring.decrypt(r.value);
            return {
              id: r.id,
              before: r.value,
              after: ring.encrypt(plain),
              bidx: blindIndexOf(deps, column, plain),
            };
          }),
        );
        return rows.length;
      });
      if (n === 0) break;
      done += n;
      options.onProgress?.({ column, done });
    }
    total += done;
  }
  for (const table of sealedCardTables)
    total += await resealCards(deps, table, { batch, onProgress: options.onProgress });
  return total + (await indexPlainLeadKeys(deps, batch));
}

// Rendered cards (outbox, console history) written before sealing or under an older key, sealed under the current one.
// `plainOnly` leaves other keys alone: a periodic sweep must not undo a rotation another instance already runs with.
export async function resealCards(
  deps: AppDeps,
  table: SealedCardTable,
  options: { batch: number; plainOnly?: boolean; onProgress?: ((p: ResealProgress) => void) | undefined },
): Promise<number> {
  const { batch, onProgress } = options;
  let done = 0;
  for (;;) {
    const n = await deps.db.transaction(async (tx) => {
      const rows = await cardsToReseal(tx, table, options.plainOnly ? null : deps.keyring.currentKid, batch);
      await writeResealedCards(
        tx,
        table,
        rows.map((r) => ({ id: r.id, ...resealCard(deps.keyring, r.card) })),
      );
      return rows.length;
    });
    if (n === 0) return done;
    done += n;
    onProgress?.({ column: { table, column: 'card' }, done });
  }
}

// A value stored before encryption gets the blind index it is looked up by; normalised as its writers do.
function blindIndexOf(deps: AppDeps, column: SealedColumn, plain: string): string | null {
  const bi = column.blindIndex;
  if (!bi) return null;
  const key =
    bi.kind === 'email'
      ? normaliseEmail(plain)
      : bi.kind === 'phone'
        ? normalisePhone(plain, deps.policy.org.phoneRegion)
        : taxIdKey(plain) || null;
  return deps.keyring.blindIndex(bi.kind, key);
}

// Leads taken in before encryption: their plain email_norm / phone_norm become blind indexes, then are emptied.
async function indexPlainLeadKeys(deps: AppDeps, batch: number): Promise<number> {
  const ring = deps.keyring;
  let done = 0;
  for (;;) {
    const n = await deps.db.transaction(async (tx) => {
      const rows = await leadsWithPlainKeys(tx, batch);
      await writeLeadBlindIndexes(
        tx,
        rows.map((r) => ({
          id: r.id,
          emailBidx: ring.blindIndex('email', r.email_norm),
          phoneBidx: ring.blindIndex('phone', r.phone_norm),
        })),
      );
      return rows.length;
    });
    if (n === 0) return done;
    done += n;
  }
}

// Sealed values per key id ('plain': not sealed yet), per column.
export async function personalDataKeyStatus(
  deps: AppDeps,
): Promise<Array<{ column: string; kid: string; n: number }>> {
  const out: Array<{ column: string; kid: string; n: number }> = [];
  for (const column of sealedColumns)
    for (const r of await countByKey(deps.db, column))
      out.push({ column: `${column.table}.${column.column}`, kid: r.kid, n: r.n });
  for (const table of sealedCardTables)
    for (const r of await countCardsByKey(deps.db, table))
      out.push({ column: `${table}.card`, kid: r.kid, n: r.n });
  return out;
}
