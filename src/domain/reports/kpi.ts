// Owns the KPIs per rep over a period: the summable facts each rep's row is built from (so every level of the tree is
// the sum of its children) and the rates derived from them — SLA %, conversion, win rate, average order value,
// approval cycle time, attainment against target and DSO contribution.
import type { FunnelStage } from './funnel.ts';
import { addTotals, ratio, type Totals } from './stats.ts';
import type { Monoid } from './tree.ts';

export interface KpiFacts {
  // Leads that came in during the period and are (or were offered to) this rep.
  newLeads: number;
  // Offers accepted or claimed, and offers that passed on because the accept SLA ran out.
  accepted: number;
  acceptTimeouts: number;
  // First contacts logged, and accepted leads that passed on because the first-contact SLA ran out.
  firstContacts: number;
  firstContactTimeouts: number;
  // Leads closed in the period: converted to an order (won) or lost.
  won: number;
  lost: number;
  // Per funnel stage, the leads that entered it and moved on (summable, unlike a rate).
  stages: Partial<Record<FunnelStage, { entered: number; movedOn: number }>>;
  ordersApproved: number;
  approvedValue: Totals;
  // Orders decided (approved, rejected) in the period and their summed hours from submission to decision.
  ordersDecided: number;
  approvalSeconds: number;
  collected: Totals;
  // As of the period's end: open (approved, not fully paid) and overdue installments.
  open: Totals;
  overdue: Totals;
  overdueCount: number;
  // The period's target in org-currency minor units; 0 when none applies.
  targetMinor: number;
}

export const kpiMonoid: Monoid<KpiFacts> = {
  empty: () => ({
    newLeads: 0,
    accepted: 0,
    acceptTimeouts: 0,
    firstContacts: 0,
    firstContactTimeouts: 0,
    won: 0,
    lost: 0,
    stages: {},
    ordersApproved: 0,
    approvedValue: {},
    ordersDecided: 0,
    approvalSeconds: 0,
    collected: {},
    open: {},
    overdue: {},
    overdueCount: 0,
    targetMinor: 0,
  }),
  add: (a, b) => {
    const stages: KpiFacts['stages'] = { ...a.stages };
    for (const [stage, s] of Object.entries(b.stages) as [
      FunnelStage,
      { entered: number; movedOn: number },
    ][]) {
      const prior = stages[stage] ?? { entered: 0, movedOn: 0 };
      stages[stage] = { entered: prior.entered + s.entered, movedOn: prior.movedOn + s.movedOn };
    }
    return {
      newLeads: a.newLeads + b.newLeads,
      accepted: a.accepted + b.accepted,
      acceptTimeouts: a.acceptTimeouts + b.acceptTimeouts,
      firstContacts: a.firstContacts + b.firstContacts,
      firstContactTimeouts: a.firstContactTimeouts + b.firstContactTimeouts,
      won: a.won + b.won,
      lost: a.lost + b.lost,
      stages,
      ordersApproved: a.ordersApproved + b.ordersApproved,
      approvedValue: addTotals(a.approvedValue, b.approvedValue),
      ordersDecided: a.ordersDecided + b.ordersDecided,
      approvalSeconds: a.approvalSeconds + b.approvalSeconds,
      collected: addTotals(a.collected, b.collected),
      open: addTotals(a.open, b.open),
      overdue: addTotals(a.overdue, b.overdue),
      overdueCount: a.overdueCount + b.overdueCount,
      targetMinor: a.targetMinor + b.targetMinor,
    };
  },
};

export interface Kpi extends KpiFacts {
  // 0..1; null when there was nothing to measure.
  acceptSla: number | null;
  firstContactSla: number | null;
  winRate: number | null;
  conversion: Partial<Record<FunnelStage, number | null>>;
  averageOrderValue: Totals;
  approvalHours: number | null;
  // Approved value in the org currency over the period's target; null without a target.
  attainment: number | null;
  // Days of the org's average daily sales (trailing 90 days) this rep's open receivables stand for, per currency;
  // the reps' contributions add up to the org's average-balance DSO.
  dsoContribution: Record<string, number>;
}

export function deriveKpi(facts: KpiFacts, orgCurrency: string, dailySales: Totals): Kpi {
  const averageOrderValue: Totals = {};
  if (facts.ordersApproved > 0)
    for (const [c, v] of Object.entries(facts.approvedValue))
      averageOrderValue[c] = Math.round(v / facts.ordersApproved);
  const conversion: Kpi['conversion'] = {};
  for (const [stage, s] of Object.entries(facts.stages) as [
    FunnelStage,
    { entered: number; movedOn: number },
  ][])
    conversion[stage] = ratio(s.movedOn, s.entered);
  const dsoContribution: Record<string, number> = {};
  for (const [c, open] of Object.entries(facts.open)) {
    const perDay = dailySales[c];
    if (perDay && perDay > 0) dsoContribution[c] = Math.round((open / perDay) * 10) / 10;
  }
  return {
    ...facts,
    acceptSla: ratio(facts.accepted, facts.accepted + facts.acceptTimeouts),
    firstContactSla: ratio(facts.firstContacts, facts.firstContacts + facts.firstContactTimeouts),
    winRate: ratio(facts.won, facts.won + facts.lost),
    conversion,
    averageOrderValue,
    approvalHours: facts.ordersDecided === 0 ? null : facts.approvalSeconds / facts.ordersDecided / 3600,
    attainment: facts.targetMinor > 0 ? (facts.approvedValue[orgCurrency] ?? 0) / facts.targetMinor : null,
    dsoContribution,
  };
}

// How far ahead of (positive) or behind (negative) target a row is, in org-currency minor units.
export function gapToTarget(k: Pick<Kpi, 'approvedValue' | 'targetMinor'>, orgCurrency: string): number {
  return (k.approvedValue[orgCurrency] ?? 0) - k.targetMinor;
}
