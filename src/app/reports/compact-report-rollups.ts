// Use case (job): fold the report roll-ups' deltas; no figure changes, so nothing is audited or sent.
import { compactReportRollups as compact } from '../../db/reports/compact-rollups.ts';
import type { AppDeps } from '../deps.ts';

export async function compactReportRollups(deps: Pick<AppDeps, 'db'>): Promise<void> {
  await compact(deps.db);
}
