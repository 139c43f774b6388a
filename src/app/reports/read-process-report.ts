// Use case (query): process health of a period — lead SLA breaches and re-routes per rep, leads escalated to a
// manager, approval cycle time per level and approver, approvals stuck past their SLA, exceptions awaiting finance.
// Narrowed to a lead source or routing rule: those leads' breaches and re-routes, the approvals of the orders made
// from them, and no exceptions (a statement line belongs to no lead).

import {
  type ApprovalCycleRow,
  queryApprovalCycles,
  queryEscalatedLeads,
  queryLeadEvents,
  queryStuckApprovals,
  type StuckApprovalRow,
} from '../../db/reports/process-query.ts';
import type { Period } from '../../domain/reports/period.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { type ReportExceptions, readOpenExceptions } from './read-open-exceptions.ts';
import { openReport, type ReportRequest } from './report-window.ts';
import type { ResolvedScope } from './resolve-report-scope.ts';

export interface LeadHealthRow {
  ownerId: string | null;
  name: string;
  acceptBreaches: number;
  firstContactBreaches: number;
  declined: number;
}

export interface ProcessReport extends ReportExceptions {
  period: Period;
  scope: ResolvedScope['view'];
  breaches: { accept: number; firstContact: number };
  // Every time a lead passed on: both kinds of breach, a decline, or nobody claiming it from a channel.
  reroutes: number;
  escalated: number;
  byRep: LeadHealthRow[];
  approvalCycles: ApprovalCycleRow[];
  stuckApprovals: { count: number; oldest: StuckApprovalRow[]; slaHours: number };
}

export type ProcessRequest = ReportRequest;

export async function readProcessReport(
  deps: AppDeps,
  actor: Actor,
  request: ProcessRequest,
): Promise<ProcessReport> {
  const { people, resolved, w } = await openReport(deps, actor, request);
  const q = { from: w.from, to: w.to, asOf: w.asOf, scope: resolved.scope, leads: resolved.leads };
  const events = await queryLeadEvents(deps.db, q);
  const escalated = await queryEscalatedLeads(deps.db, {
    ...q,
    limit: deps.policy.routing.sla.escalateAfterReroutes,
  });
  const approvalCycles = await queryApprovalCycles(deps.db, q);
  const stuck = await queryStuckApprovals(deps.db, {
    ...q,
    asOf: w.now,
    slaMinutes: deps.policy.approvals.sla,
    limit: 10,
  });
  const exceptions = await readOpenExceptions(deps, actor, resolved, w.now);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const byRep = new Map<string | null, LeadHealthRow>();
  const total = (kind: string) => events.filter((e) => e.kind === kind).reduce((s, e) => s + e.count, 0);
  for (const e of events) {
    if (e.kind === 'unclaimed') continue;
    const row = byRep.get(e.ownerId) ?? {
      ownerId: e.ownerId,
      name: e.ownerId ? (names.get(e.ownerId) ?? '') : '',
      acceptBreaches: 0,
      firstContactBreaches: 0,
      declined: 0,
    };
    if (e.kind === 'sla_timeout') row.acceptBreaches += e.count;
    if (e.kind === 'first_contact_timeout') row.firstContactBreaches += e.count;
    if (e.kind === 'declined') row.declined += e.count;
    byRep.set(e.ownerId, row);
  }
  return {
    period: request.period,
    scope: resolved.view,
    breaches: { accept: total('sla_timeout'), firstContact: total('first_contact_timeout') },
    reroutes: events.reduce((s, e) => s + e.count, 0),
    escalated,
    byRep: [...byRep.values()].sort(
      (a, b) =>
        b.acceptBreaches + b.firstContactBreaches - (a.acceptBreaches + a.firstContactBreaches) ||
        a.name.localeCompare(b.name),
    ),
    approvalCycles,
    stuckApprovals: { ...stuck, slaHours: Math.round((deps.policy.approvals.sla / 60) * 10) / 10 },
    ...exceptions,
  };
}
