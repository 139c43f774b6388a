// Use case (query): walk the audit hash chain from its start and report the first broken link, without changing a row.
import {
  archiveEndingAt,
  chainHead,
  firstSealedSeq,
  sealedPage,
  unsealedSummary,
} from '../../db/audit-chain.ts';
import { type ChainBreak, type ChainLink, checkChain, genesis } from '../../domain/audit/chain.ts';
import type { AppDeps } from '../deps.ts';

export interface ChainReport {
  ok: boolean;
  checked: number;
  // The newest link: record it elsewhere to prove later that no row was cut off the end.
  head: ChainLink | null;
  // Rows written but not sealed yet (the sealer runs every few seconds); they are not covered yet.
  unsealed: number;
  oldestUnsealedAt: Date | null;
  broken: ChainBreak | null;
  // The chain starts after an archive (rows moved out by `closeloop audit archive`) rather than at the first row.
  resumedFromArchive: ChainLink | null;
  // Set when --expect-head was given and that link is not in the chain any more.
  expectedHeadMissing?: ChainLink;
}

export async function verifyAuditChain(
  deps: Pick<AppDeps, 'db'>,
  options: { pageSize?: number; expectHead?: ChainLink } = {},
): Promise<ChainReport> {
  const pageSize = options.pageSize ?? 5000;
  const first = await firstSealedSeq(deps.db);
  const fromArchive = first !== null && first > 1 ? await archiveEndingAt(deps.db, first - 1) : null;
  // A first row past 1 with no archive ending just before it is a gap after genesis: rows were cut from the start.
  let link: ChainLink = fromArchive ?? genesis;
  let checked = 0;
  let broken: ChainBreak | null = null;
  let expectedSeen = false;
  for (;;) {
    const page = await sealedPage(deps.db, link.seq, pageSize);
    if (page.length === 0) break;
    const result = checkChain(link, page);
    checked += result.checked;
    const expect = options.expectHead;
    if (expect && page.some((r) => r.sealSeq === expect.seq && r.hash === expect.hash)) expectedSeen = true;
    if (result.broken) {
      broken = result.broken;
      break;
    }
    link = result.last;
  }
  const pending = await unsealedSummary(deps.db);
  const expectedHeadMissing =
    options.expectHead && !expectedSeen && !broken ? { expectedHeadMissing: options.expectHead } : {};
  return {
    ok: broken === null && !('expectedHeadMissing' in expectedHeadMissing),
    checked,
    head: await chainHead(deps.db),
    unsealed: pending.count,
    oldestUnsealedAt: pending.oldestAt,
    broken,
    resumedFromArchive: fromArchive,
    ...expectedHeadMissing,
  };
}
