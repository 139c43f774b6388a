// Owns the lead tables: leads, their activity history, routing turn-taking and daily check-ins.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, money, ts } from './schema-columns.ts';
import { customers } from './schema-customers.ts';
import { users } from './schema-people.ts';

export const leads = pgTable(
  'leads',
  {
    id: id(),
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    name: text('name').notNull(),
    company: text('company'),
    email: text('email'),
    phone: text('phone'),
    // Plain-text dedupe keys of leads taken in before encryption; the start-up backfill moves them to the blind indexes.
    emailNorm: text('email_norm'),
    phoneNorm: text('phone_norm'),
    // HMAC blind indexes of the normalised e-mail / phone (src/crypto/keyring.ts): exact dedupe without plain text.
    emailBidx: text('email_bidx'),
    phoneBidx: text('phone_bidx'),
    // The folded company name, for fuzzy dedupe on company + contact.
    companyKey: text('company_key'),
    region: text('region'),
    industry: text('industry'),
    source: text('source').notNull().default('web'),
    campaign: text('campaign'),
    // The marketing tags the lead arrived with (utm_source … utm_content), when it named medium, term or content.
    utm: jsonb('utm').$type<{
      source?: string;
      medium?: string;
      campaign?: string;
      term?: string;
      content?: string;
    }>(),
    note: text('note'),
    // Routing facts beyond region: province/city keys (places.ts), employees, expected deal, language (ISO 639-1).
    province: text('province'),
    city: text('city'),
    companySize: integer('company_size'),
    dealSizeMinor: money('deal_size_minor'),
    dealCurrency: text('deal_currency'),
    language: text('language'),
    // new → offered (waiting for accept/claim) → accepted → converted | lost; merged (into merged_into_id)
    status: text('status').notNull().default('new'),
    ownerId: uuid('owner_id').references(() => users.id),
    offeredToId: uuid('offered_to_id').references(() => users.id),
    customerId: uuid('customer_id').references(() => customers.id),
    claimChannel: text('claim_channel'),
    routingRule: text('routing_rule'),
    routingStrategy: text('routing_strategy'),
    routingReason: jsonb('routing_reason'),
    // How many times the accept SLA passed the lead on; after policy's escalateAfterReroutes a manager gets it.
    reroutes: integer('reroutes').notNull().default(0),
    // A manual merge: the lead kept, and what unmerge needs to put this lead back exactly (its prior state, the
    // activities moved onto the kept lead).
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => leads.id),
    mergedAt: ts('merged_at'),
    mergeUndo: jsonb('merge_undo'),
    // Follow-up stage of an accepted lead: null until first contact, then contacted → qualified.
    stage: text('stage'),
    // When the owner was reminded to make first contact, and (for idle leads) when last reminded; each reminder is
    // claimed by a conditional update of its column so two workers send it once.
    firstContactRemindedAt: ts('first_contact_reminded_at'),
    idleRemindedAt: ts('idle_reminded_at'),
    createdAt: createdAt(),
    offeredAt: ts('offered_at'),
    acceptedAt: ts('accepted_at'),
    closedAt: ts('closed_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // Exact dedupe against open leads, enforced by the database so concurrent intake cannot slip past it.
    uniqueIndex('leads_open_email_uq')
      .on(t.emailNorm)
      .where(sql`closed_at is null and email_norm is not null`),
    uniqueIndex('leads_open_phone_uq')
      .on(t.phoneNorm)
      .where(sql`closed_at is null and phone_norm is not null`),
    uniqueIndex('leads_open_email_bidx_uq')
      .on(t.emailBidx)
      .where(sql`closed_at is null and email_bidx is not null`),
    uniqueIndex('leads_open_phone_bidx_uq')
      .on(t.phoneBidx)
      .where(sql`closed_at is null and phone_bidx is not null`),
    index('leads_owner_idx').on(t.ownerId, t.status),
    // The alike-company dedupe reads open leads by their company's first two characters (migration 0135), then keeps
    // those whose company_grams (a generated column, migration 0175, read by no select) hold one of a few bigrams.
    index('leads_open_company_prefix_idx')
      .on(sql`substr(${t.companyKey}, 1, 2)`)
      .where(sql`closed_at is null`),
    // Routing counts what each person holds while taking its turn (migration 0136).
    index('leads_held_idx')
      .on(sql`coalesce(${t.ownerId}, ${t.offeredToId})`)
      .where(
        sql`closed_at is null and status in ('offered', 'accepted') and coalesce(owner_id, offered_to_id) is not null`,
      ),
    index('leads_offered_idx').on(t.offeredAt).where(sql`status = 'offered'`),
    index('leads_created_idx').on(t.createdAt),
    // Reports narrowed to a source or routing rule take the matching lead ids from these (migration 0170).
    index('leads_source_id_idx').on(t.source, t.id),
    index('leads_routing_rule_id_idx').on(t.routingRule, t.id).where(sql`routing_rule is not null`),
  ],
);

export const leadActivities = pgTable(
  'lead_activities',
  {
    id: id(),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id),
    actorId: uuid('actor_id').references(() => users.id),
    kind: text('kind').notNull(),
    note: text('note'),
    data: jsonb('data'),
    at: createdAt(),
  },
  (t) => [
    index('lead_activities_lead_idx').on(t.leadId),
    // Routing counts each rep's offers today on every intake.
    index('lead_activities_kind_at_idx').on(t.kind, t.at),
  ],
);

export const routingCursors = pgTable('routing_cursors', {
  rule: text('rule').primaryKey(),
  lastUserId: uuid('last_user_id'),
  // Weighted round-robin: each member's virtual finish time and the rule's virtual clock.
  state: jsonb('state'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

// One daily check-in per rep per local day, whichever instance gets there first.
export const leadCheckIns = pgTable(
  'lead_check_ins',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    day: date('day', { mode: 'string' }).notNull(),
    at: createdAt(),
  },
  (t) => [uniqueIndex('lead_check_ins_uq').on(t.userId, t.day)],
);
