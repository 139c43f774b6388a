// Use case: read one lead as the REST API shows it.
import { notFound } from '../../domain/errors.ts';
import { leadNumber, type Utm } from '../../domain/leads/normalise.ts';
import type { RoutingReason } from '../../domain/leads/routing.ts';
import type { AppDeps } from '../deps.ts';
import { loadLead } from './load-lead.ts';

export interface LeadView {
  id: string;
  number: string;
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  region: string | null;
  industry: string | null;
  source: string;
  campaign: string | null;
  utm: Utm | null;
  note: string | null;
  status: string;
  owner: { id: string; name: string } | null;
  offeredTo: { id: string; name: string } | null;
  channel: string | null;
  routing: RoutingReason | null;
  createdAt: string;
}

export async function getLead(deps: AppDeps, id: string): Promise<LeadView> {
  const found = await loadLead(deps.db, id);
  if (!found) throw notFound('lead_not_found', { id });
  const { lead } = found;
  return {
    id: lead.id,
    number: leadNumber(lead.seq),
    name: lead.name,
    company: lead.company,
    email: deps.keyring.decrypt(lead.email),
    phone: deps.keyring.decrypt(lead.phone),
    region: lead.region,
    industry: lead.industry,
    source: lead.source,
    campaign: lead.campaign,
    utm: lead.utm ?? null,
    note: lead.note,
    status: lead.status,
    owner: found.owner,
    offeredTo: lead.status === 'offered' ? found.offeredTo : null,
    channel: lead.claimChannel,
    routing: (lead.routingReason as RoutingReason | null) ?? null,
    createdAt: lead.createdAt.toISOString(),
  };
}
