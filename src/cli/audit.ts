// Owns `closeloop audit verify|seal|archive`: check the audit hash chain, seal pending rows, move old rows to a file.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { archiveAuditLog } from '../app/audit/archive-audit-log.ts';
import { sealAuditLog } from '../app/audit/seal-audit-log.ts';
import { verifyAuditChain } from '../app/audit/verify-audit-chain.ts';
import type { Db } from '../db/client.ts';
import type { ChainLink } from '../domain/audit/chain.ts';
import { commandGroup, exitWithError, type OpenDeps, runWithDeps } from './command-group.ts';

export type OpenOwner = () => Promise<{ db: Db; close(): Promise<void> }>;

function linkOf(text: string): ChainLink {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!m?.[1] || !m[2])
    throw new Error(`--expect-head takes <seq>:<hash> as verify printed it, not "${text}"`);
  return { seq: Number(m[1]), hash: m[2] };
}

export function registerAudit(program: Command, open: OpenDeps, openOwner: OpenOwner): void {
  const audit = commandGroup(program, 'audit', 'Check and archive the tamper-evident audit log');
  audit
    .command('verify')
    .description('Walk the audit hash chain and report the first broken link (exit 1 if any)')
    .option(
      '--expect-head <seq:hash>',
      'a head printed by an earlier verify: fail if it is no longer in the chain',
    )
    .action(async (options: { expectHead?: string }) => {
      let broken = false;
      await runWithDeps(open, async (deps) => {
        const expectHead = options.expectHead ? linkOf(options.expectHead) : undefined;
        const report = await verifyAuditChain(deps, expectHead ? { expectHead } : {});
        const start = report.resumedFromArchive
          ? `from the archive ending at seq ${report.resumedFromArchive.seq}`
          : 'from the first row';
        console.log(`checked ${report.checked} sealed row(s) ${start}`);
        if (report.head)
          console.log(
            `head ${report.head.seq}:${report.head.hash}  (keep it to prove later nothing was cut off)`,
          );
        if (report.unsealed > 0)
          console.log(
            `${report.unsealed} row(s) not sealed yet, oldest ${report.oldestUnsealedAt?.toISOString()} (sealed every 30 s while closeloop runs, or by: closeloop audit seal)`,
          );
        if (report.broken?.problem === 'changed')
          console.log(
            `BROKEN at seq ${report.broken.seq} (audit row ${report.broken.id}): its content changed after it was sealed`,
          );
        if (report.broken?.problem === 'missing')
          console.log(
            `BROKEN after seq ${report.broken.afterSeq}: the next row is seq ${report.broken.nextSeq}, so ${report.broken.nextSeq - report.broken.afterSeq - 1} row(s) were removed`,
          );
        if (report.expectedHeadMissing)
          console.log(
            `BROKEN: the expected head ${report.expectedHeadMissing.seq} is no longer in the chain`,
          );
        if (report.ok) console.log('audit chain OK');
        broken = !report.ok;
      });
      if (broken) exitWithError();
    });
  audit
    .command('seal')
    .description('Seal the audit rows written since the last seal onto the chain now')
    .action(async () => {
      await runWithDeps(open, async (deps) => {
        const { sealed } = await sealAuditLog(deps);
        console.log(`sealed ${sealed} row(s)`);
      });
    });
  audit
    .command('archive')
    .description(
      'Move audit rows older than a date to a JSON-lines file (0600) and out of the table, chain intact',
    )
    .requiredOption('--before <date>', 'archive rows written before this date (YYYY-MM-DD)')
    .requiredOption('--out <file>', 'the file to write; it must not exist yet')
    .action(async (options: { before: string; out: string }) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(options.before) || Number.isNaN(Date.parse(options.before))) {
        console.error(`error: --before takes a date as YYYY-MM-DD, not "${options.before}"`);
        exitWithError();
      }
      const owner = await openOwner();
      try {
        const file = resolve(options.out);
        const outcome = await archiveAuditLog(owner, {
          before: new Date(`${options.before}T00:00:00Z`),
          file,
          now: new Date(),
        });
        if (outcome.archived)
          console.log(
            `archived ${outcome.rows} row(s), seq ${outcome.firstSeq}–${outcome.lastSeq}, to ${outcome.file} (sha256 ${outcome.sha256})`,
          );
        else if (outcome.reason === 'chain_broken') {
          console.error(
            `error: the chain is broken at seq ${outcome.atSeq}; nothing archived (run closeloop audit verify)`,
          );
          exitWithError();
        } else console.log(`nothing sealed before ${options.before}; nothing archived`);
      } catch (error) {
        console.error(`error: ${(error as Error).message}`);
        exitWithError();
      } finally {
        await owner.close();
      }
    });
}
