// Use case (start-up): refuse to run with a data key that is missing or is not the one this database was sealed with.

import { KeyError, type Keyring, sameCheck } from '../../crypto/keyring.ts';
import type { Db } from '../../db/client.ts';
import { dataKeys } from '../../db/schema.ts';
import { countByKey, countCardsByKey, sealedCardTables, sealedColumns } from '../../db/sealed-values.ts';

const INDEX_KID = 'index';

// Checks every configured key against the check value recorded when it first sealed anything here, refuses when a
// recorded key that still seals values is not configured, then records the configured keys. Run by the owner.
export async function verifyDataKeys(db: Db, keyring: Keyring, where: string): Promise<void> {
  const stored = await db.select().from(dataKeys);
  const byKid = new Map(stored.map((k) => [k.kid, k]));
  for (const kid of keyring.kids) {
    const known = byKid.get(kid);
    if (known && !sameCheck(known.checkValue, keyring.checkValue(kid)))
      throw new KeyError(
        `data key "${kid}" (${where}) is not the key this database was encrypted with; restore the right key from your backup`,
      );
  }
  const index = byKid.get(INDEX_KID);
  if (index && !sameCheck(index.checkValue, keyring.indexCheckValue()))
    throw new KeyError(
      `the blind-index key (${where}) is not the one this database was indexed with: set CLOSELOOP_INDEX_KEY, or keep the oldest data key last in CLOSELOOP_DATA_KEYS`,
    );
  const missing = stored
    .filter((k) => k.purpose === 'data' && !keyring.kids.includes(k.kid))
    .map((k) => k.kid);
  if (missing.length > 0) {
    const counts = await Promise.all([
      ...sealedColumns.map((c) => countByKey(db, c)),
      ...sealedCardTables.map((t) => countCardsByKey(db, t)),
    ]);
    const still = missing.filter((kid) => counts.some((rows) => rows.some((r) => r.kid === kid && r.n > 0)));
    if (still.length > 0)
      throw new KeyError(
        `values in this database are encrypted with data key ${still.map((k) => `"${k}"`).join(', ')}, which ${where} does not have; add it back (after the current key) and run closeloop keys rotate before removing it`,
      );
  }
  await db
    .insert(dataKeys)
    .values([
      ...keyring.kids.map((kid) => ({ kid, purpose: 'data', checkValue: keyring.checkValue(kid) })),
      { kid: INDEX_KID, purpose: 'index', checkValue: keyring.indexCheckValue() },
    ])
    .onConflictDoNothing();
}
