// Use case (owner only): move the audit rows older than a date to a JSON-lines file and out of the table, keeping the
// chain verifiable: the archive records its last link, and the file can be re-checked against it.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, unlinkSync, writeSync } from 'node:fs';
import {
  archivableThrough,
  archiveEndingAt,
  firstSealedSeq,
  lockAuditLog,
  removeArchivedRows,
  sealedPage,
} from '../../db/audit-chain.ts';
import type { Db } from '../../db/client.ts';
import { auditArchives, auditLog } from '../../db/schema.ts';
import { type ChainLink, checkChain, genesis } from '../../domain/audit/chain.ts';
import { sealAuditLog } from './seal-audit-log.ts';

export type ArchiveOutcome =
  | { archived: true; rows: number; firstSeq: number; lastSeq: number; file: string; sha256: string }
  | { archived: false; reason: 'nothing_old_enough' | 'chain_broken'; atSeq?: number };

export async function archiveAuditLog(
  owner: { db: Db },
  options: { before: Date; file: string; now: Date },
): Promise<ArchiveOutcome> {
  await sealAuditLog(owner);
  return owner.db.transaction(async (tx) => {
    await lockAuditLog(tx);
    const lastSeq = await archivableThrough(tx, options.before);
    const firstSeq = await firstSealedSeq(tx);
    if (lastSeq === null || firstSeq === null) return { archived: false, reason: 'nothing_old_enough' };
    let link: ChainLink = firstSeq > 1 ? ((await archiveEndingAt(tx, firstSeq - 1)) ?? genesis) : genesis;
    // The file is written with 0600 and fsynced before a single row leaves the table.
    const fd = openSync(options.file, 'wx', 0o600);
    const digest = createHash('sha256');
    let rows = 0;
    try {
      for (;;) {
        const page = (await sealedPage(tx, link.seq, 5000)).filter((r) => r.sealSeq <= lastSeq);
        if (page.length === 0) break;
        const check = checkChain(link, page);
        if (check.broken) {
          const atSeq = check.broken.problem === 'changed' ? check.broken.seq : check.broken.nextSeq;
          closeSync(fd);
          unlinkSync(options.file);
          return { archived: false, reason: 'chain_broken', atSeq };
        }
        const text = page.map((r) => `${JSON.stringify(r)}\n`).join('');
        writeSync(fd, text);
        digest.update(text);
        rows += page.length;
        link = check.last;
        if (link.seq >= lastSeq) break;
      }
      fsyncSync(fd);
      closeSync(fd);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    const sha256 = digest.digest('hex');
    await removeArchivedRows(tx, lastSeq);
    await tx.insert(auditArchives).values({
      at: options.now,
      firstSeq,
      lastSeq,
      lastHash: link.hash,
      rows,
      file: options.file,
      fileSha256: sha256,
    });
    await tx.insert(auditLog).values({
      at: options.now,
      actorLabel: 'system:audit-archive',
      platform: 'system',
      action: 'audit.archive',
      entityType: 'audit_log',
      entityId: `${firstSeq}-${lastSeq}`,
      after: {
        rows,
        firstSeq,
        lastSeq,
        lastHash: link.hash,
        file: options.file,
        sha256,
        before: options.before,
      },
    });
    return { archived: true, rows, firstSeq, lastSeq, file: options.file, sha256 };
  });
}
