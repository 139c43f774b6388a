// Owns the routing step intake and decline share: gather who can take a lead, apply the decision, post its card.
import { and, eq, inArray, type SQLWrapper, sql } from 'drizzle-orm';
import type { Policy } from '../../config/policy.ts';
import type { Keyring } from '../../crypto/keyring.ts';
import type { Tx } from '../../db/client.ts';
import { customers, leadActivities, leads, routingCursors, users } from '../../db/schema.ts';
import { leadNumber } from '../../domain/leads/normalise.ts';
import type {
  Candidate,
  LeadFacts,
  RoutingDecision,
  RoutingReason,
  WeightedState,
} from '../../domain/leads/routing.ts';
import { orgClock, personalClock } from '../../domain/roster/working-hours.ts';
import { localDate } from '../../domain/time.ts';
import { claimCard, type LeadCardData, offerCard } from '../../messages/catalogue/leads.ts';
import type { AuditEntry, CardPost, TargetUser, UnitOfWork } from '../unit-of-work.ts';

export type LeadRow = typeof leads.$inferSelect;

export const offerRef = (leadId: string, userId: string) => `lead:${leadId}:offer:${userId}`;
export const claimRef = (leadId: string) => `lead:${leadId}:claim`;

// The lead as every card shows it, its sealed contact details opened.
export function cardDataOf(
  lead: LeadRow,
  deps: { keyring: Keyring; policy: Pick<Policy, 'labels'> },
): LeadCardData {
  const { keyring } = deps;
  return {
    id: lead.id,
    number: leadNumber(lead.seq),
    name: lead.name,
    company: lead.company,
    email: keyring.decrypt(lead.email),
    phone: keyring.decrypt(lead.phone),
    region: lead.region,
    industry: lead.industry,
    source: lead.source,
    campaign: lead.campaign,
    utm: lead.utm ?? null,
    reason: (lead.routingReason as RoutingReason | null) ?? null,
    labels: deps.policy.labels.book,
  };
}

export async function factsOf(tx: Tx, lead: LeadRow): Promise<LeadFacts> {
  const [customer] = lead.customerId
    ? await tx
        .select({ id: customers.id, name: customers.name, ownerId: customers.ownerId })
        .from(customers)
        .where(eq(customers.id, lead.customerId))
    : [];
  return leadFacts(lead, customer ?? null);
}

// What the routing rules look at on a lead; import builds them in bulk with the customers it loaded at once.
export function leadFacts(
  lead: Pick<
    LeadRow,
    | 'region'
    | 'industry'
    | 'source'
    | 'province'
    | 'city'
    | 'companySize'
    | 'dealSizeMinor'
    | 'dealCurrency'
    | 'language'
  >,
  customer: LeadFacts['existingCustomer'],
): LeadFacts {
  return {
    region: lead.region,
    industry: lead.industry,
    source: lead.source,
    existingCustomer: customer,
    province: lead.province,
    city: lead.city,
    companySize: lead.companySize,
    dealSize:
      lead.dealSizeMinor !== null && lead.dealCurrency !== null
        ? { minor: lead.dealSizeMinor, currency: lead.dealCurrency }
        : null,
    language: lead.language,
  };
}

export type RosterRow = typeof users.$inferSelect;

export const loadRoster = (tx: Tx): Promise<RosterRow[]> => tx.select().from(users);

// The roster as card recipients (chat ids and locale), for applyDecision's `people`.
export const peopleOf = (roster: readonly RosterRow[]) =>
  new Map(
    roster.map((u) => [
      u.id,
      { id: u.id, name: u.name, slack: u.slackUserId, lark: u.larkOpenId, locale: u.locale },
    ]),
  );

// What routing counts per person: open leads held (accepted, or offered and waiting) and offers made per quarter
// hour in the last 38 hours (every time zone's "today" began less than 38 hours ago; per quarter hour, the step of
// every zone's offset, so a busy day is a few hundred rows and each rep's "today" stays exact in their own zone).
export interface RoutingLoad {
  openLeads: ReadonlyMap<string, number>;
  offers: readonly { to: string; at: Date; n: number }[];
}

// Everyone on the roster with their routing load and how many leads each was offered today in their own time zone,
// with their working hours (the org's when they have none).
export function candidatesOf(
  roster: readonly RosterRow[],
  load: RoutingLoad,
  policy: Policy,
  now: Date,
): Candidate[] {
  const org = orgClock(policy.org);
  return roster.map((u) => {
    const clock = personalClock(org, u);
    const timezone = clock.timeZone;
    const today = localDate(now, timezone);
    return {
      id: u.id,
      name: u.name,
      roles: u.roles,
      region: u.region,
      skills: u.skills,
      industries: u.industries,
      active: u.active,
      outOfOfficeUntil: u.outOfOfficeUntil,
      capacity: u.capacity,
      openLeads: load.openLeads.get(u.id) ?? 0,
      dailyCapacity: u.dailyCapacity,
      offeredToday: load.offers
        .filter((o) => o.to === u.id && localDate(o.at, timezone) === today)
        .reduce((sum, o) => sum + o.n, 0),
      managerId: u.managerId,
      weight: u.weight,
      timezone,
      workingHours: clock.hours,
    };
  });
}

export interface RoutingCursors {
  cursors: Record<string, string | undefined>;
  weighted: Record<string, WeightedState | undefined>;
}

const turnTaking = new Set(['round-robin', 'weighted-round-robin']);

// Locks the turn-taking rules' cursors so two intakes at once cannot both hand the next lead to the same rep.
export interface Turn extends RoutingCursors {
  candidates: Candidate[];
}

// Takes this routing's turn: locks every turn-taking rule's cursor (held to commit, so picks happen one at a time)
// and reads the load in the same round trip (routing_take_turn: a second statement, so it sees every earlier pick).
// The roster is read before the lock; nothing else is read while holding it.
export async function takeTurn(uow: UnitOfWork, roster?: readonly RosterRow[]): Promise<Turn> {
  const { tx, deps, now } = uow;
  const people = roster ?? (await loadRoster(tx));
  const names = deps.policy.routing.rules
    .filter(
      (r) => turnTaking.has(r.assign.strategy) || (r.assign.strategy === 'claim' && r.assign.fallbackPool),
    )
    .map((r) => r.name);
  const rows = await tx.execute<{
    kind: 'cursor' | 'held' | 'offer';
    rule: string | null;
    last_user_id: string | null;
    state: WeightedState | null;
    who: string | null;
    at: string | null;
    n: number | null;
  }>(
    sql`select * from routing_take_turn(${sql.param(names)}::text[], ${new Date(now.getTime() - 38 * 3_600_000)})`,
  );
  const cursors: RoutingCursors['cursors'] = {};
  const weighted: RoutingCursors['weighted'] = {};
  const openLeads = new Map<string, number>();
  const offers: { to: string; at: Date; n: number }[] = [];
  for (const r of rows.rows) {
    if (r.kind === 'cursor' && r.rule !== null) {
      cursors[r.rule] = r.last_user_id ?? undefined;
      weighted[r.rule] = r.state ?? undefined;
    } else if (r.who === null || r.n === null) continue;
    else if (r.kind === 'held') openLeads.set(r.who, r.n);
    else if (r.at !== null) offers.push({ to: r.who, at: new Date(r.at), n: r.n });
  }
  return { cursors, weighted, candidates: candidatesOf(people, { openLeads, offers }, deps.policy, now) };
}

// What a new lead is before routing, as its route audit row's "before" says.
export const unrouted = { status: 'new', offeredToId: null, claimChannel: null } as const;

// The routing columns a decision sets on a new lead.
export function routingColumns(decision: RoutingDecision, now: Date) {
  return {
    status: decision.kind === 'unrouted' ? 'new' : 'offered',
    offeredToId: decision.kind === 'offer' ? decision.userId : null,
    claimChannel: decision.kind === 'claim' ? decision.channel : null,
    routingRule: decision.reason.rule,
    routingStrategy: decision.reason.strategy,
    routingReason: decision.reason,
    offeredAt: decision.kind === 'unrouted' ? null : now,
  };
}

// Who may not be offered this lead again: everyone who declined it or let it time out, in order.
export async function passedOver(tx: Tx, leadId: string): Promise<{ exclude: string[]; timedOut: string[] }> {
  const rows = await tx
    .select({ kind: leadActivities.kind, actorId: leadActivities.actorId, data: leadActivities.data })
    .from(leadActivities)
    .where(and(eq(leadActivities.leadId, leadId), inArray(leadActivities.kind, ['declined', 'sla_timeout'])))
    .orderBy(leadActivities.at);
  const exclude: string[] = [];
  const timedOut: string[] = [];
  for (const r of rows) {
    const id = r.kind === 'declined' ? r.actorId : ((r.data as { to?: string } | null)?.to ?? null);
    if (!id || exclude.includes(id)) continue;
    exclude.push(id);
    if (r.kind === 'sla_timeout') timedOut.push(id);
  }
  return { exclude, timedOut };
}

// The activity a routing decision leaves on the lead: offered to whom, posted where, or left unrouted, and why.
export function routingActivity(
  leadId: string,
  decision: RoutingDecision,
  actorId: string | null,
  at: Date,
): typeof leadActivities.$inferInsert {
  return {
    leadId,
    actorId,
    kind: decision.kind === 'offer' ? 'offered' : decision.kind === 'claim' ? 'posted_for_claim' : 'unrouted',
    data: {
      ...(decision.kind === 'offer' ? { to: decision.userId } : {}),
      ...(decision.kind === 'claim' ? { channel: decision.channel } : {}),
      reason: decision.reason,
    },
    at,
  };
}

export interface Routed {
  lead: LeadRow;
  decision: RoutingDecision;
  // The person offered the lead, when it was offered to one.
  offeredTo: { id: string; name: string } | null;
}

export interface ApplyOptions {
  // The roster just loaded for the decision: the offered rep's name is read from it instead of the database.
  candidates?: readonly Candidate[];
  // Rows the caller made in the same step (intake's creation), written in the same statements as the routing's own.
  alsoAudit?: readonly AuditEntry[];
  alsoActivities?: readonly (typeof leadActivities.$inferInsert)[];
  // Users already read (the roster intake loaded before locking): the offer card's recipient needs no query.
  people?: ReadonlyMap<string, TargetUser & { name: string }>;
  // The lead was inserted with the decision's columns (intake): nothing to update; `lead` is it as it was before.
  inserted?: boolean;
}

// Records the decision on the lead, moves the cursor, posts the offer or claim card and audits the change, all in
// one statement: callers hold the routing cursors' lock until commit, so every round trip here is one all wait for.
export async function applyDecision(
  uow: UnitOfWork,
  lead: LeadRow,
  decision: RoutingDecision,
  options: ApplyOptions = {},
): Promise<Routed> {
  const { tx, now } = uow;
  // The columns a new lead goes in with; a lead routed again that ends up unrouted keeps when it was last offered.
  const { offeredAt, ...columns } = routingColumns(decision, now);
  const change = { ...columns, ...(decision.kind === 'unrouted' ? {} : { offeredAt }), updatedAt: now };
  // The row as the update leaves it: every column it sets is known here, so nothing is read back.
  const updated: LeadRow = { ...lead, ...change };
  const card = cardDataOf(updated, uow.deps);
  const statements: SQLWrapper[] = options.inserted
    ? []
    : [tx.update(leads).set(change).where(eq(leads.id, lead.id))];
  const posts: CardPost[] = [];

  let offeredTo: Routed['offeredTo'] = null;
  if (decision.kind === 'offer') {
    const person = options.people?.get(decision.userId);
    const known = options.candidates?.find((c) => c.id === decision.userId);
    const [user] = person
      ? [{ id: person.id, name: person.name }]
      : known
        ? [{ id: known.id, name: known.name }]
        : await tx
            .select({ id: users.id, name: users.name })
            .from(users)
            .where(eq(users.id, decision.userId));
    offeredTo = user ?? null;
    posts.push({
      target: { kind: 'user', userId: decision.userId },
      refKey: offerRef(lead.id, decision.userId),
      build: (locale) => offerCard(card, locale),
    });
    // A weighted rule's state and a round-robin rule's last pick are one cursor row each.
    const moves = [
      ...(decision.weighted
        ? [{ rule: decision.weighted.rule, state: decision.weighted.state, lastUserId: decision.userId }]
        : []),
      ...(decision.cursor ? [{ rule: decision.cursor.rule, lastUserId: decision.cursor.userId }] : []),
    ];
    for (const move of moves) {
      statements.push(
        tx
          .insert(routingCursors)
          .values({ ...move, updatedAt: now })
          .onConflictDoUpdate({ target: routingCursors.rule, set: { ...move, updatedAt: now } }),
      );
    }
  } else if (decision.kind === 'claim') {
    posts.push({
      target: { kind: 'channel', name: decision.channel },
      refKey: claimRef(lead.id),
      build: (locale) => claimCard(card, locale),
    });
  }
  statements.push(
    tx
      .insert(leadActivities)
      .values([
        ...(options.alsoActivities ?? []),
        routingActivity(lead.id, decision, uow.actor.kind === 'user' ? uow.actor.user.id : null, now),
      ]),
  );
  await uow.together({
    statements,
    posts,
    people: options.people,
    audit: [
      ...(options.alsoAudit ?? []),
      {
        action: 'lead.route',
        entityType: 'lead',
        entityId: lead.id,
        before: { status: lead.status, offeredToId: lead.offeredToId, claimChannel: lead.claimChannel },
        after: {
          status: updated.status,
          offeredToId: updated.offeredToId,
          claimChannel: updated.claimChannel,
          reason: decision.reason,
        },
      },
    ],
  });
  return { lead: updated, decision, offeredTo };
}
