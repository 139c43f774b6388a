// Owns turning a report period into the instants every report query reads: [from, to) and "as of" (the period's end,
// or now while it is still running), on the org calendar so every viewer gets the same numbers.

import { type Period, periodInstants } from '../../domain/reports/period.ts';
import type { ScopeRequest } from '../../domain/reports/scope.ts';
import type { Person } from '../../domain/reports/tree.ts';
import { localDate } from '../../domain/time.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { loadPeople } from './load-people.ts';
import { resolveLeadFilter } from './resolve-lead-filter.ts';
import { type ResolvedScope, resolveReportScope } from './resolve-report-scope.ts';

export interface ReportWindow {
  period: Period;
  from: Date;
  to: Date;
  asOf: Date;
  // The clock's now: queues (stuck approvals, open exceptions) are aged as of now whatever the period.
  now: Date;
  // The org-local date of `asOf`: installments due before it are overdue.
  today: string;
  timezone: string;
}

export function reportWindow(deps: AppDeps, period: Period): ReportWindow {
  const timezone = deps.policy.org.timezone;
  const { from, to } = periodInstants(period, timezone);
  const now = deps.clock.now();
  const asOf = now < to ? now : new Date(to.getTime() - 1);
  return { period, from, to, asOf, now, today: localDate(now, timezone), timezone };
}

// The org-local date today, for naming a period.
export function orgToday(deps: AppDeps): string {
  return localDate(deps.clock.now(), deps.policy.org.timezone);
}

// What every report is asked for: a period and, optionally, a narrower scope than the asker's own.
export interface ReportRequest {
  period: Period;
  scope?: ScopeRequest;
}

export interface OpenedReport {
  people: Person[];
  resolved: ResolvedScope;
  w: ReportWindow;
}

// The roster, the asker's scope (refused when out of reach; a source or rule checked against those that exist) and the
// period's instants, which every report starts from.
export async function openReport(deps: AppDeps, actor: Actor, request: ReportRequest): Promise<OpenedReport> {
  const people = await loadPeople(deps.db);
  const asked = resolveReportScope(deps, people, actor, request.scope ?? { kind: 'mine' });
  const leads = asked.leads ? await resolveLeadFilter(deps, asked.leads) : null;
  const resolved = leads ? { ...asked, leads, view: { ...asked.view, leads } } : asked;
  return { people, resolved, w: reportWindow(deps, request.period) };
}
