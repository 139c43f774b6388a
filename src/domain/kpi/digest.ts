// Owns a manager's daily digest: who is due one now, and the team's numbers over the window it covers.

// Amounts per currency, so a team selling in CNY and USD never sees them added together.
export type Totals = Record<string, number>;

export interface DigestLead {
  createdAt: Date;
  offeredAt: Date | null;
  acceptedAt: Date | null;
}

export interface DigestOrder {
  decidedAt: Date;
  totalMinor: number;
  currency: string;
}

export interface DigestAllocation {
  createdAt: Date;
  amountMinor: number;
  currency: string;
}

export interface DigestInstallment {
  dueOn: string;
  amountMinor: number;
  paidMinor: number;
  currency: string;
}

export interface DigestInput {
  from: Date;
  to: Date;
  // The manager's local date: an installment due before it and not fully paid is overdue.
  today: string;
  acceptSlaMinutes: number;
  leads: readonly DigestLead[];
  approvedOrders: readonly DigestOrder[];
  allocations: readonly DigestAllocation[];
  installments: readonly DigestInstallment[];
}

export interface Digest {
  newLeads: number;
  accepted: number;
  acceptedWithinSla: number;
  ordersApproved: number;
  approvedAmount: Totals;
  collected: Totals;
  overdueCount: number;
  overdue: Totals;
}

function add(totals: Totals, currency: string, minor: number): void {
  totals[currency] = (totals[currency] ?? 0) + minor;
}

const within = (at: Date, from: Date, to: Date) => at >= from && at < to;

// "09:00" has been reached at local time "09:05" but not at "08:59"; both are zero-padded HH:MM.
export function digestDue(localTimeNow: string, digestAt: string): boolean {
  return localTimeNow >= digestAt;
}

export function computeDigest(input: DigestInput): Digest {
  const { from, to } = input;
  const digest: Digest = {
    newLeads: 0,
    accepted: 0,
    acceptedWithinSla: 0,
    ordersApproved: 0,
    approvedAmount: {},
    collected: {},
    overdueCount: 0,
    overdue: {},
  };
  const slaMs = input.acceptSlaMinutes * 60_000;
  for (const lead of input.leads) {
    if (within(lead.createdAt, from, to)) digest.newLeads++;
    if (lead.acceptedAt && within(lead.acceptedAt, from, to)) {
      digest.accepted++;
      // A lead taken without an offer (manual entry by its owner) had no SLA clock to beat.
      const start = lead.offeredAt ?? lead.createdAt;
      if (lead.acceptedAt.getTime() - start.getTime() <= slaMs) digest.acceptedWithinSla++;
    }
  }
  for (const order of input.approvedOrders) {
    if (!within(order.decidedAt, from, to)) continue;
    digest.ordersApproved++;
    add(digest.approvedAmount, order.currency, order.totalMinor);
  }
  for (const allocation of input.allocations) {
    if (within(allocation.createdAt, from, to))
      add(digest.collected, allocation.currency, allocation.amountMinor);
  }
  for (const installment of input.installments) {
    const owed = installment.amountMinor - installment.paidMinor;
    if (owed <= 0 || installment.dueOn >= input.today) continue;
    digest.overdueCount++;
    add(digest.overdue, installment.currency, owed);
  }
  return digest;
}
