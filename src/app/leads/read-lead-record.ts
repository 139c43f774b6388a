// Use case: "lead show <number>" — a lead as one record: who holds it and where it stands, its timeline (activities
// and the audit events that matter), and the buttons the asker may use now; contact details masked per policy.
import { eq } from 'drizzle-orm';
import { customers, leadActivities, users } from '../../db/schema.ts';
import { maskLeadContact } from '../../domain/access/mask.ts';
import { notFound } from '../../domain/errors.ts';
import { leadNumber } from '../../domain/leads/normalise.ts';
import { shownLeadStatus } from '../../domain/leads/shown-status.ts';
import { stageOf } from '../../domain/leads/stages.ts';
import { latestPage } from '../../domain/records/timeline.ts';
import { localDate, localTime } from '../../domain/time.ts';
import type { LeadRecordView } from '../../messages/catalogue/record-cards.ts';
import type { TimelineEntry } from '../../messages/catalogue/records.ts';
import { accessActor, allowed, demand } from '../access/ask.ts';
import { auditTimeline, type KeyedEntry } from '../audit/audit-timeline.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { poolOfLead } from './claim-lead.ts';
import { leadResource } from './lead-resource.ts';
import { loadLead } from './load-lead.ts';
import { cardDataOf } from './route-lead.ts';

export type LeadRecord = Omit<LeadRecordView, 'moreCommand' | 'moreCount' | 'timezone'> & { total: number };

// Audit events of a lead its activities do not already tell: every way in (lead new, a web form, an import) writes
// a 'created' activity beside its lead.create audit row, so the audit row would list the same moment twice.
const auditActions = ['lead.merge', 'lead.merge_into', 'lead.unmerge', 'lead.unmerge_from'];

export async function readLeadRecord(
  deps: AppDeps,
  actor: UserActor,
  ref: string,
  limit: number,
): Promise<LeadRecord> {
  // Through the one load; cardDataOf opens the sealed phone and email with the keyring.
  const found = await loadLead(deps.db, ref);
  if (!found) throw notFound('lead_not_found', { id: ref.trim().slice(0, 80) });
  const { lead } = found;
  const number = leadNumber(lead.seq);
  const resource = await leadResource(deps.db, lead);
  demand(deps, actor, 'lead.read', resource, 'record_lead_forbidden', { number });
  const data = cardDataOf(lead, deps);
  const contact = maskLeadContact(deps.policy.access, accessActor(actor), resource, {
    phone: data.phone,
    email: data.email,
  });
  const [customer] = lead.customerId
    ? await deps.db.select({ name: customers.name }).from(customers).where(eq(customers.id, lead.customerId))
    : [];
  const entries = await timelineOf(deps, lead.id);
  const page = latestPage(entries, limit);
  const me = actor.user.id;
  const open = lead.closedAt === null;
  const pool = poolOfLead(deps.policy.routing.rules, lead.routingRule, lead.claimChannel);
  const tz = deps.policy.org.timezone;
  return {
    lead: { ...data, ...contact },
    status: shownLeadStatus(lead),
    stage: stageOf(lead),
    owner: found.owner?.name ?? null,
    offeredTo: lead.status === 'offered' ? (found.offeredTo?.name ?? null) : null,
    customer: customer?.name ?? null,
    deal:
      lead.dealSizeMinor !== null
        ? { minor: lead.dealSizeMinor, currency: lead.dealCurrency ?? deps.policy.org.currency }
        : null,
    created: `${localDate(lead.createdAt, tz)} ${localTime(lead.createdAt, tz)}`,
    buttons: {
      claim:
        open &&
        lead.status === 'offered' &&
        lead.ownerId === null &&
        lead.claimChannel !== null &&
        allowed(deps, actor, 'lead.claim', { ownerId: null, region: lead.region, ...(pool ? { pool } : {}) }),
      accept: open && lead.status === 'offered' && lead.offeredToId === me,
      work: open && lead.status === 'accepted' && allowed(deps, actor, 'lead.work', resource),
    },
    lostReasons: deps.policy.followUp.lostReasons,
    timeline: page.shown.map(({ key: _key, ...e }) => e as TimelineEntry),
    earlier: page.earlier,
    total: entries.length,
  };
}

type Keyed = KeyedEntry;

async function timelineOf(deps: AppDeps, leadId: string): Promise<Keyed[]> {
  const activities = await deps.db
    .select({
      id: leadActivities.id,
      at: leadActivities.at,
      by: users.name,
      kind: leadActivities.kind,
      note: leadActivities.note,
    })
    .from(leadActivities)
    .leftJoin(users, eq(users.id, leadActivities.actorId))
    .where(eq(leadActivities.leadId, leadId));
  const audits = await auditTimeline(deps.db, { type: 'lead', id: leadId }, { only: auditActions });
  return [
    ...audits,
    ...activities.map(
      (a): Keyed => ({
        kind: 'activity',
        key: `v${a.id}`,
        at: a.at,
        by: a.by,
        activity: a.kind,
        note: a.note,
      }),
    ),
  ];
}
