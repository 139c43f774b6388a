// Rendered cards at rest: a card's phones, e-mails and tax IDs are sealed in place in the outbox and the console
// history and opened only for sending and for the console feed; text typed to look sealed stays text; cards from
// before sealing are sealed by the reseal pass, rotation re-seals them; delivered cards are emptied after the
// retention window, the rest of the row kept.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleTransport } from '../../../adapters/console/transport.ts';
import { personalDataKeyStatus, resealPersonalData } from '../../../src/app/crypto/reseal-personal-data.ts';
import { openCard, sealCard } from '../../../src/app/crypto/seal-card.ts';
import { verifyDataKeys } from '../../../src/app/crypto/verify-data-keys.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { deliverDue } from '../../../src/app/outbox/deliver-outbox.ts';
import { findCardCopy } from '../../../src/app/outbox/find-card-copy.ts';
import { purgeDeliveredCards } from '../../../src/app/outbox/purge-delivered-cards.ts';
import type { Transport } from '../../../src/app/transport.ts';
import { inTransaction } from '../../../src/app/unit-of-work.ts';
import { redeliverWebhook } from '../../../src/app/webhooks/redeliver-webhook.ts';
import { outbox, users, webhookEndpoints } from '../../../src/db/schema.ts';
import { offerCard } from '../../../src/messages/catalogue/leads.ts';
import type { Card } from '../../../src/messages/model.ts';
import { type TestClock, testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps, testKeyring } from '../../helpers/deps.ts';

const DAY = 86_400_000;
const card = (title: string, value: string): Card => ({
  title,
  body: `Call ${value} today`,
  fields: [
    { label: 'Phone', value: '+86 138-0013-8000' },
    { label: 'Email', value: 'Li.Lei@acme-secret.cn' },
    { label: 'Order', value: 'SO-2026-00012' },
  ],
  actions: [{ id: 'lead.claim', label: 'Claim', value: '3f2a1b4c-1234-4abc-9def-1234567890ab' }],
  tone: 'info',
});

let database: TestDatabase;
let deps: AppDeps;
let clock: TestClock;
let userId = '';
const system = { kind: 'system', name: 'test' } as const;
const sent: Array<{ platform: string; card: Card }> = [];
const recording = (platform: string): Transport => ({
  platform: platform as Transport['platform'],
  post: async (r) => {
    sent.push({ platform, card: r.card });
    return { messageId: `${platform}-${sent.length}` };
  },
  update: async (r) => {
    sent.push({ platform, card: r.card });
  },
});

beforeAll(async () => {
  database = await createTestDatabase();
  clock = testClock('2026-11-02T02:00:00Z');
  deps = testDeps(database, { clock, platforms: ['console', 'slack'] });
  const [u] = await database.db
    .insert(users)
    .values({ name: 'Amy Rep', email: 'amy@example.cn', roles: ['rep'], slackUserId: 'U0AMY', locale: 'en' })
    .returning({ id: users.id });
  userId = u?.id ?? '';
});
afterAll(async () => {
  await database?.close();
});

describe('sealCard / openCard', () => {
  const ring = testKeyring();

  it('seals only the personal spans and opens to the very card', () => {
    const plain = card('Lead L-000042 for you', '13800138000');
    const sealed = sealCard(ring, plain);
    expect(sealed.cardKid).toBe('test1');
    const text = JSON.stringify(sealed.card);
    for (const secret of ['13800138000', '138-0013-8000', 'Li.Lei@acme-secret.cn'])
      expect(text).not.toContain(secret);
    // What scheduling, tests and people debugging read stays readable.
    expect(sealed.card).toMatchObject({ title: 'Lead L-000042 for you', tone: 'info' });
    expect(text).toContain('SO-2026-00012');
    expect(text).toContain('3f2a1b4c-1234-4abc-9def-1234567890ab');
    expect(openCard(ring, sealed.card)).toEqual(plain);
  });

  it('seals the values the card says it shows, whatever their shape, and opens to the very card', () => {
    // A local phone without area code and a lower-case foreign tax ID: no pattern finds them, the card names them.
    const plain: Card = {
      title: 'Customer Müller GmbH',
      body: 'Call 6123 4567 before invoicing de812345678; ref 6123',
      fields: [
        { label: 'Phone', value: '6123 4567' },
        { label: 'Tax ID', value: 'de812345678' },
      ],
      actions: [],
      tone: 'info',
      personal: ['6123 4567', 'de812345678', '6123'],
    };
    const sealed = sealCard(ring, plain);
    expect(sealed.cardKid).toBe('test1');
    const text = JSON.stringify(sealed.card);
    expect(text).not.toContain('6123 4567');
    expect(text).not.toContain('de812345678');
    // Too short to look for (it would seal every order number holding it): left as it is.
    expect(text).toContain('ref 6123');
    expect(sealed.card).toMatchObject({ title: 'Customer Müller GmbH' });
    expect(openCard(ring, sealed.card)).toEqual(plain);
    // The same card without its list: the patterns alone miss both.
    const { personal: _, ...unnamed } = plain;
    expect(JSON.stringify(sealCard(ring, unnamed).card)).toContain('6123 4567');
  });

  it('a lead card names the lead’s own phone and e-mail, and nothing when it has none', () => {
    const lead = {
      id: 'lead-1',
      number: 'L-000001',
      name: 'Wu',
      company: 'Local Secret',
      email: 'wu@local.example',
      phone: '6123 4567',
      region: 'east',
      industry: null,
      source: 'web',
      campaign: null,
      reason: null,
    };
    expect(offerCard(lead, 'en').personal).toEqual(['wu@local.example', '6123 4567']);
    expect(offerCard({ ...lead, email: null, phone: null }, 'en').personal).toBeUndefined();
  });

  it('a card with nothing personal is stored as it is, with an empty key id', () => {
    const plain = { title: 'Order SO-2026-00012 approved', fields: [], actions: [] };
    expect(sealCard(ring, plain)).toEqual({ card: plain, cardKid: '' });
  });

  it('text typed to look sealed is sealed whole and comes back as typed; a forged span is never opened', () => {
    const real = sealCard(ring, { t: '13800138000' }).card as { t: string };
    const typed = { title: `Acme ${real.t} Ltd`, body: '\u27e6v1:test1:AAAA:BBBB:CCCC\u27e7' };
    const sealed = sealCard(ring, typed);
    expect(openCard(ring, sealed.card)).toEqual(typed);
    // A row written before sealing with a forged span shows the text as it is.
    expect(openCard(ring, { body: typed.body })).toEqual({ body: typed.body });
  });
});

describe('the outbox and the console history', () => {
  it('keep the card sealed at rest; the transports and the console feed get it opened', async () => {
    await inTransaction(deps, system, (uow) =>
      uow.post({ kind: 'user', userId }, 'lead:sealed', () => card('New lead', '13800138000')),
    );
    const rows = await database.db.select().from(outbox).where(eq(outbox.refKey, 'lead:sealed'));
    expect(rows.map((r) => r.platform).sort()).toEqual(['console', 'slack']);
    for (const r of rows) {
      expect(r.cardKid).toBe('test1');
      expect(JSON.stringify(r.card)).not.toContain('Li.Lei@acme-secret.cn');
    }
    await deliverDue(deps, { console: createConsoleTransport(deps), slack: recording('slack') });
    expect(sent.find((s) => s.platform === 'slack')?.card).toEqual(card('New lead', '13800138000'));
    const history = await database.pool.query(`select card, card_kid from console_messages`);
    expect(history.rows[0].card_kid).toBe('test1');
    expect(JSON.stringify(history.rows[0].card)).not.toContain('13800138000');
    // Edits go through the same sealing.
    await inTransaction(deps, system, (uow) =>
      uow.update('lead:sealed', () => card('Claimed', '13900139000')),
    );
    await deliverDue(deps, { console: createConsoleTransport(deps), slack: recording('slack') });
    const edited = await database.pool.query(`select card from console_messages`);
    expect(JSON.stringify(edited.rows[0].card)).not.toContain('13900139000');
    expect(openCard(deps.keyring, edited.rows[0].card)).toMatchObject({ body: 'Call 13900139000 today' });
    const copy = await findCardCopy(deps, 'slack', 'slack-1');
    expect(copy?.card.body).toBe('Call 13900139000 today');
  });

  it('cards from before sealing are sealed by the reseal pass; rotation re-seals them under the new key', async () => {
    await database.pool.query(
      `insert into outbox (idempotency_key, platform, destination, op, ref_key, locale, card, status, created_at)
       values ('old-1', 'slack', 'U0AMY', 'post', 'lead:old', 'en', $1, 'sent', '2026-11-02T02:00:00Z')`,
      [JSON.stringify(card('Old lead', '13700137000'))],
    );
    expect(await personalDataKeyStatus(deps)).toContainEqual({ column: 'outbox.card', kid: 'plain', n: 1 });
    await resealPersonalData(deps);
    const [old] = await database.db.select().from(outbox).where(eq(outbox.idempotencyKey, 'old-1'));
    expect(old?.cardKid).toBe('test1');
    expect(JSON.stringify(old?.card)).not.toContain('13700137000');

    const rotated = { ...deps, keyring: testKeyring(['test2', 'test1']) };
    await verifyDataKeys(rotated.db, rotated.keyring, 'test');
    await resealPersonalData(rotated);
    const cardKids = (await personalDataKeyStatus(rotated)).filter((r) => r.column.endsWith('.card'));
    expect(new Set(cardKids.map((r) => r.kid))).toEqual(new Set(['test2']));
    expect(cardKids.map((r) => r.column).sort()).toEqual(['console_messages.card', 'outbox.card']);
    const [again] = await database.db.select().from(outbox).where(eq(outbox.idempotencyKey, 'old-1'));
    // Readable with the new key alone.
    expect(openCard(testKeyring(['test2']), again?.card)).toEqual(card('Old lead', '13700137000'));
    deps = rotated;
  });
});

describe('retention of delivered cards', () => {
  it('empties delivered cards past the window, keeps pending and recent ones and the rows themselves', async () => {
    await database.pool.query(
      `insert into outbox (idempotency_key, platform, destination, op, ref_key, locale, card, card_kid, status)
       values ('pending-1', 'slack', 'U0AMY', 'post', 'lead:pending', 'en', '{"title": "waiting"}', '', 'pending')`,
    );
    // Written around the sealing (card_kid null): the job's sweep seals it, pending or not.
    await database.pool.query(
      `insert into outbox (idempotency_key, platform, destination, op, ref_key, locale, card, status)
       values ('plain-1', 'slack', 'U0AMY', 'post', 'lead:plain', 'en', '{"title": "call 13600136000"}', 'pending')`,
    );
    clock.advance(29 * DAY);
    expect(await purgeDeliveredCards(deps, 30)).toEqual({ purged: 0, sealed: 1 });
    const [swept] = await database.db.select().from(outbox).where(eq(outbox.idempotencyKey, 'plain-1'));
    expect(swept?.cardKid).toBe('test2');
    expect(JSON.stringify(swept?.card)).not.toContain('13600136000');
    clock.advance(2 * DAY);
    const report = await purgeDeliveredCards(deps, 30);
    expect(report.purged).toBeGreaterThan(0);
    const rows = await database.db.select().from(outbox);
    for (const r of rows.filter((x) => x.status !== 'pending')) {
      expect(r).toMatchObject({ card: {}, cardKid: '', purgedAt: clock.now() });
    }
    expect(rows.find((r) => r.idempotencyKey === 'pending-1')).toMatchObject({
      card: { title: 'waiting' },
      purgedAt: null,
    });
    // A card whose content is gone is no copy to show; the delivery's bookkeeping stays.
    expect(await findCardCopy(deps, 'slack', 'slack-1')).toBeNull();
    expect(rows.filter((r) => r.refKey === 'lead:sealed' && r.status === 'sent').length).toBeGreaterThan(0);
    expect((await purgeDeliveredCards(deps, 30)).purged).toBe(0);
  });

  it('a purged webhook delivery keeps its event id and type, and cannot be redelivered', async () => {
    const [endpoint] = await database.db
      .insert(webhookEndpoints)
      .values({
        url: 'https://erp.example.com/hook',
        events: ['*'],
        secret: 's'.repeat(32),
        createdBy: 'test',
      })
      .returning({ id: webhookEndpoints.id });
    const envelope = {
      id: 'evt-1',
      type: 'lead.created',
      occurredAt: '2026-11-02T02:00:00Z',
      data: { a: 1 },
    };
    const [row] = await database.db
      .insert(outbox)
      .values({
        idempotencyKey: 'webhook-1',
        platform: 'webhook',
        destination: endpoint?.id ?? '',
        op: 'post',
        refKey: 'webhook:evt-1',
        locale: 'en',
        card: envelope,
        cardKid: '',
        status: 'sent',
        sentAt: clock.now(),
      })
      .returning({ id: outbox.id });
    clock.advance(31 * DAY);
    await purgeDeliveredCards(deps, 30);
    const [purged] = await database.db
      .select()
      .from(outbox)
      .where(eq(outbox.id, row?.id ?? 0));
    expect(purged?.card).toEqual({ id: 'evt-1', type: 'lead.created', occurredAt: '2026-11-02T02:00:00Z' });
    const admin = { kind: 'system', name: 'admin' } as const;
    await expect(redeliverWebhook(deps, admin, endpoint?.id ?? '', String(row?.id))).rejects.toMatchObject({
      code: 'webhook_delivery_purged',
    });
  });
});
