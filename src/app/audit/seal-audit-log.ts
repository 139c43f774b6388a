// Use case (job): seal committed audit rows onto the hash chain, oldest first, one sealer at a time across instances.
import { chainHead, trySealLock, unsealedRows, writeSeals } from '../../db/audit-chain.ts';
import { genesis, sealRows } from '../../domain/audit/chain.ts';
import type { AppDeps } from '../deps.ts';

export interface SealResult {
  sealed: number;
  // False when another instance held the sealer's lock: it seals instead.
  ran: boolean;
}

// Sealing runs apart from the transactions that write audit rows, so chaining never serialises the use cases.
export async function sealAuditLog(deps: Pick<AppDeps, 'db'>, batch = 5000): Promise<SealResult> {
  let sealed = 0;
  for (;;) {
    const round = await deps.db.transaction(async (tx) => {
      if (!(await trySealLock(tx))) return null;
      const rows = await unsealedRows(tx, batch);
      const seals = sealRows((await chainHead(tx)) ?? genesis, rows);
      await writeSeals(tx, seals);
      return seals.length;
    });
    if (round === null) return { sealed, ran: false };
    sealed += round;
    if (round < batch) return { sealed, ran: true };
  }
}
