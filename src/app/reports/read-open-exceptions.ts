// Use case (query): the reconciliation exceptions a report shows — finance's queue, for org-wide viewers only, and only
// unscoped by lead: a statement line that matched nothing belongs to no lead, so a source or rule scope has none.
import { type ExceptionAgeRow, queryOpenExceptions } from '../../db/reports/receivables-query.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { reportVisibility } from './report-visibility.ts';
import type { ResolvedScope } from './resolve-report-scope.ts';

export interface ReportExceptions {
  // Null for a viewer who does not see finance's queue, or under a source or rule scope.
  exceptions: ExceptionAgeRow[] | null;
  // The viewer sees finance's queue, but not under a source or rule (the reply says so).
  exceptionsUnscopedOnly: boolean;
}

export async function readOpenExceptions(
  deps: AppDeps,
  actor: Actor,
  resolved: ResolvedScope,
  now: Date,
): Promise<ReportExceptions> {
  const seesQueue = reportVisibility(deps, actor) === 'org';
  return {
    exceptions: seesQueue && !resolved.leads ? await queryOpenExceptions(deps.db, now) : null,
    exceptionsUnscopedOnly: seesQueue && resolved.leads !== null,
  };
}
