// Owns the status a reader is told for a lead: an offer waiting in a claim channel for anyone is "waiting to be
// claimed", not "offered, awaiting acceptance" — the stored status is 'offered' either way.
export interface LeadStatusFacts {
  status: string;
  offeredToId: string | null;
  claimChannel: string | null;
}

export function shownLeadStatus(lead: LeadStatusFacts): string {
  if (lead.status === 'offered' && lead.offeredToId === null && lead.claimChannel !== null)
    return 'claimable';
  return lead.status;
}
