// Use case: take in a lead (website API, chat) — normalise, dedupe against open leads, route, offer or post for claiming.
import { and, eq, isNull } from 'drizzle-orm';
import { isDeadlock } from '../../db/deadlock.ts';
import { lockLeadCompanies } from '../../db/lead-locks.ts';
import { queryAlikeLeads } from '../../db/lead-lookups.ts';
import { customers, leadActivities, leads, users } from '../../db/schema.ts';
import { maskEmail, maskPhone } from '../../domain/access/mask.ts';
import { invalid } from '../../domain/errors.ts';
import { nameOfLabel } from '../../domain/labels.ts';
import { readRoutingFacts } from '../../domain/leads/conditions.ts';
import { companyCore, contactKey, fuzzyDuplicate } from '../../domain/leads/dedupe.ts';
import { leadNumber, normaliseContact, overlongLeadText, utmOf } from '../../domain/leads/normalise.ts';
import { routeLead, routingTakesTurns } from '../../domain/leads/routing.ts';
import { shownLeadStatus } from '../../domain/leads/shown-status.ts';
import { duplicateCard } from '../../messages/catalogue/leads.ts';
import { demand } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import { listeningEndpoints } from '../webhooks/publish-event.ts';
import { publishLeadEvent } from '../webhooks/publish-record-event.ts';
import { type ContactKeys, sameContact, sameEmail } from './contact-keys.ts';
import { alikeBound } from './find-open-matches.ts';
import {
  applyDecision,
  cardDataOf,
  type LeadRow,
  leadFacts,
  loadRoster,
  peopleOf,
  routingColumns,
  takeTurn,
  unrouted,
} from './route-lead.ts';

export interface NewLead {
  name: string;
  company?: string | null;
  email?: string | null;
  phone?: string | null;
  region?: string | null;
  industry?: string | null;
  source?: string | null;
  campaign?: string | null;
  // The rest of the utm tags (utm_source and utm_campaign are source and campaign).
  utmMedium?: string | null;
  utmTerm?: string | null;
  utmContent?: string | null;
  note?: string | null;
  // Routing facts: province / city in any spelling, employees, expected deal (in dealCurrency, else the org's), language.
  province?: string | null;
  city?: string | null;
  companySize?: string | number | null;
  dealSize?: string | number | null;
  dealCurrency?: string | null;
  language?: string | null;
}

export type CreateLeadResult =
  | {
      duplicate: false;
      id: string;
      number: string;
      status: string;
      owner?: { id: string; name: string };
      channel?: string;
    }
  | { duplicate: true; id: string; number: string; status: string; matchedOn: MatchedOn };

// How a duplicate was recognised: exactly by e-mail or phone, or as the same contact at an alike company.
export type MatchedOn = 'email' | 'phone' | 'company';

const clean = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);
const code = (v: string | null | undefined) => clean(v)?.normalize('NFKC').toLowerCase() ?? null;
// A region, industry or source typed as its label ("华东", "官网") is kept as the name closeloop.yaml gives it ("east").
const configured = (
  deps: Pick<AppDeps, 'policy'>,
  kind: 'regions' | 'industries' | 'sources',
  v: string | null | undefined,
) => {
  const typed = code(v);
  return typed === null ? null : nameOfLabel(deps.policy.labels.book, kind, typed);
};

// The lead as intake reads it, or the error naming the field a bad one fails on; nothing is written either way.
export type ReadLead = ReturnType<typeof readNewLead>;

export function readNewLead(deps: Pick<AppDeps, 'policy'>, input: NewLead) {
  const overlong = overlongLeadText(input);
  if (overlong)
    throw invalid('lead_text_too_long', overlong.field, {
      field: overlong.field,
      length: overlong.length,
      max: overlong.max,
    });
  const contact = normaliseContact(input, deps.policy.org.phoneRegion);
  if (!contact.ok) {
    const value =
      contact.field === 'email' ? input.email : contact.field === 'phone' ? input.phone : input.name;
    throw invalid(contact.code, contact.field, { value: value ?? '' });
  }
  const facts = readRoutingFacts(input, deps.policy.org.currency);
  if (!facts.ok) throw invalid(facts.code, facts.field, { value: facts.value });
  return { contact, facts };
}

const deadlockAttempts = 3;

export async function createLead(
  deps: AppDeps,
  actor: Actor,
  input: NewLead,
  // The input as readNewLead read it, when the caller (the intake queue) already did, so it is not read twice.
  read?: ReadLead,
): Promise<CreateLeadResult> {
  demand(deps, actor, 'lead.create', {}, 'lead_create_not_allowed');
  const { contact, facts } = read ?? readNewLead(deps, input);
  const source = configured(deps, 'sources', input.source) ?? (actor.kind === 'user' ? 'chat' : 'web');

  const ring = deps.keyring;
  // Exact dedupe compares blind indexes: the plain e-mail and phone are never stored nor looked up.
  const keys: ContactKeys = {
    emailBidx: ring.blindIndex('email', contact.emailNorm),
    phoneBidx: ring.blindIndex('phone', contact.phoneNorm),
    emailNorm: contact.emailNorm,
    phoneNorm: contact.phoneNorm,
  };
  const once = (): Promise<CreateLeadResult> =>
    inTransaction(deps, actor, async (uow) => {
      const { tx, now } = uow;
      const [customer] = contact.companyKey
        ? await tx.select().from(customers).where(eq(customers.normalizedName, contact.companyKey))
        : [];
      const core = contact.company ? companyCore(contact.company) || null : null;
      // Kept on the duplicate's activity; the contact details sealed like the lead's own.
      const arrival = {
        source,
        campaign: clean(input.campaign),
        name: contact.name,
        email: ring.encrypt(clean(input.email)),
        phone: ring.encrypt(clean(input.phone)),
        note: clean(input.note),
      };
      if (core) {
        await lockLeadCompanies(tx, [core]);
        // A key alike to `core` shares its first two characters (a one-character key can only be alike to itself)
        // and one of the bigrams any alike company contains: the import's look-up, for one row.
        const alike = await queryAlikeLeads(tx, [{ line: 0, ...alikeBound(core) }]);
        const match = fuzzyDuplicate(
          { companyCore: core, contact: contactKey(contact.name) },
          alike.map((l) => ({ id: l.id, companyCore: l.company_key ?? '', contact: contactKey(l.name) })),
        );
        if (match) return recordDuplicate(uow, keys, arrival, match.id);
      }
      const value = {
        name: contact.name,
        company: contact.company,
        email: ring.encrypt(clean(input.email)),
        phone: ring.encrypt(clean(input.phone)),
        emailBidx: keys.emailBidx,
        phoneBidx: keys.phoneBidx,
        companyKey: core,
        region: configured(deps, 'regions', input.region),
        industry: configured(deps, 'industries', input.industry),
        ...facts.row,
        source,
        campaign: clean(input.campaign),
        utm: utmOf({
          source,
          medium: input.utmMedium,
          campaign: input.campaign,
          term: input.utmTerm,
          content: input.utmContent,
        }),
        note: clean(input.note),
        customerId: customer?.id ?? null,
        createdAt: now,
        updatedAt: now,
      };
      // The customer row read above is the lead's: no second read.
      const leadIs = leadFacts(
        value,
        customer ? { id: customer.id, name: customer.name, ownerId: customer.ownerId } : null,
      );
      const rules = deps.policy.routing.rules;
      // The lead goes in routed (one write). A lead posted to a claim channel reads no roster, load or cursor, so it
      // does not wait for other intakes' turns. An offer waits for the cursors' lock (held to commit) only for the pick,
      // the insert and one statement writing everything else: the roster and listeners are read before it, the load
      // (open and today's offers) in the statement taking it. Batches take the lock before their inserts too, so two
      // intakes of one person never wait on each other's row and lock in opposite orders.
      const turns = routingTakesTurns(rules, leadIs);
      const listening = await listeningEndpoints(uow, 'lead.created');
      const roster = turns ? await loadRoster(tx) : [];
      const { cursors, weighted, candidates } = turns
        ? await takeTurn(uow, roster)
        : { cursors: {}, weighted: {}, candidates: [] };
      const decision = routeLead({ lead: leadIs, rules, candidates, cursors, weighted, now });
      // The partial unique indexes decide duplicates, so two intakes of one person at once still make one lead; the
      // pick above is then simply not written.
      const [created] = await tx
        .insert(leads)
        .values({ ...value, ...routingColumns(decision, now) })
        .onConflictDoNothing()
        .returning();
      if (!created) {
        return recordDuplicate(uow, keys, arrival, null);
      }
      // The creation's audit row and activity go in the same statements as the routing's.
      const routed = await applyDecision(uow, { ...created, ...unrouted }, decision, {
        inserted: true,
        candidates,
        people: peopleOf(roster),
        alsoAudit: [
          {
            action: 'lead.create',
            entityType: 'lead',
            entityId: created.id,
            after: {
              number: leadNumber(created.seq),
              name: created.name,
              company: created.company,
              // Masked: the audit log is append-only and must not keep personal data in the clear.
              email: contact.emailNorm === null ? null : maskEmail(contact.emailNorm),
              phone: contact.phoneNorm === null ? null : maskPhone(contact.phoneNorm),
              source: created.source,
              customerId: created.customerId,
            },
          },
        ],
        alsoActivities: [
          {
            leadId: created.id,
            actorId: actor.kind === 'user' ? actor.user.id : null,
            kind: 'created',
            data: { source, campaign: created.campaign },
            at: now,
          },
        ],
      });
      await publishLeadEvent(uow, 'lead.created', routed.lead.id, listening);
      return {
        duplicate: false,
        id: routed.lead.id,
        number: leadNumber(routed.lead.seq),
        status: routed.lead.status,
        ...(routed.offeredTo ? { owner: routed.offeredTo } : {}),
        ...(decision.kind === 'claim' ? { channel: decision.channel } : {}),
      };
    });
  // An offer locks the routing turn and then inserts; an import chunk inserts its leads that take no turn and then
  // locks. The same person arriving both ways at once deadlocks, and PostgreSQL rolls one back: run it again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await once();
    } catch (error) {
      if (!isDeadlock(error) || attempt >= deadlockAttempts) throw error;
    }
  }
}

interface Arrival {
  source: string;
  campaign: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  note: string | null;
}

async function recordDuplicate(
  uow: UnitOfWork,
  keys: ContactKeys,
  arrival: Arrival,
  // The open lead found alike on company and contact, when that is how the duplicate was found.
  alikeId: string | null,
): Promise<CreateLeadResult> {
  const { tx, now } = uow;
  const open =
    keys.emailBidx || keys.phoneBidx
      ? await tx
          .select()
          .from(leads)
          .where(and(isNull(leads.closedAt), sameContact(keys)))
      : [];
  // An exact match on e-mail or phone beats a lead that is merely alike.
  const exact: LeadRow | undefined = open.find((l) => sameEmail(l, keys)) ?? open[0];
  const [alike] = !exact && alikeId ? await tx.select().from(leads).where(eq(leads.id, alikeId)) : [];
  const existing = exact ?? alike;
  // The insert only yields to a committed open lead, and the alike lead is locked by the advisory lock.
  if (!existing) throw new Error('duplicate lead reported but no open lead matches');
  const matchedOn: MatchedOn = !exact ? 'company' : sameEmail(existing, keys) ? 'email' : 'phone';
  const [activity] = await tx
    .insert(leadActivities)
    .values({
      leadId: existing.id,
      actorId: uow.actor.kind === 'user' ? uow.actor.user.id : null,
      kind: 'duplicate',
      note: arrival.note,
      data: { ...arrival, matchedOn },
      at: now,
    })
    .returning({ id: leadActivities.id });
  if (!activity) throw new Error('insert returned no row');
  await uow.audit({
    action: 'lead.duplicate',
    entityType: 'lead',
    entityId: existing.id,
    after: { source: arrival.source, campaign: arrival.campaign, matchedOn },
  });
  const holder = existing.ownerId ?? existing.offeredToId;
  if (holder) {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, holder));
    if (user) {
      const card = cardDataOf(existing, uow.deps);
      await uow.post(
        { kind: 'user', userId: user.id },
        `lead:${existing.id}:duplicate:${activity.id}`,
        (locale) =>
          duplicateCard(card, { source: arrival.source, campaign: arrival.campaign, matchedOn }, locale),
      );
    }
  }
  return {
    duplicate: true,
    id: existing.id,
    number: leadNumber(existing.seq),
    status: shownLeadStatus(existing),
    matchedOn,
  };
}
