import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { acceptLead } from '../../../src/app/leads/accept-lead.ts';
import { leadActions } from '../../../src/app/leads/actions.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import { enforceFirstContact } from '../../../src/app/leads/enforce-first-contact.ts';
import { remindIdleLeads } from '../../../src/app/leads/remind-idle-leads.ts';
import { sendDailyCheckIns } from '../../../src/app/leads/send-daily-check-in.ts';
import { createOrder } from '../../../src/app/orders/create-order.ts';
import { PolicyError, parsePolicy } from '../../../src/config/load-policy.ts';
import { auditLog, leadActivities, leadCheckIns, leads, users } from '../../../src/db/schema.ts';
import type { DomainError } from '../../../src/domain/errors.ts';
import { errorText } from '../../../src/messages/catalogue/errors.ts';
import { type TestClock, testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { examplePolicyFile, testDeps } from '../../helpers/deps.ts';
import { addTeam, cards, field, type Team } from './fixtures.ts';

const as = (user: UserRow): UserActor => ({ kind: 'user', user });
const website = { kind: 'api', keyName: 'website' } as const;
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
let database: TestDatabase;
let deps: AppDeps;
let team: Team;
let clock: TestClock;
let seq = 0;

beforeEach(async () => {
  database = await createTestDatabase();
  // Monday 10:00 in Shanghai; org hours 09:00-18:00 Mon-Fri.
  clock = testClock('2026-11-02T02:00:00Z');
  deps = testDeps(database, { clock });
  team = await addTeam(database);
  seq = 0;
});

afterEach(async () => {
  await database?.close();
});

const byId = (id: string | null | undefined) =>
  [team.amy, team.bo, team.cai, team.manager].find((u) => u.id === id);

const leadRow = async (id: string) => {
  const [row] = await database.db.select().from(leads).where(eq(leads.id, id));
  if (!row) throw new Error('no lead');
  return row;
};

// A manufacturing lead in the east (round-robin), accepted by whoever it was offered to.
async function acceptedLead(): Promise<{ id: string; number: string; owner: UserRow }> {
  const lead = await createLead(deps, website, {
    name: `Lead ${++seq}`,
    email: `l${seq}@acme.cn`,
    region: 'east',
    industry: 'manufacturing',
  });
  if (lead.duplicate) throw new Error('duplicate');
  const owner = byId((await leadRow(lead.id)).offeredToId);
  if (!owner) throw new Error('not offered');
  expect((await acceptLead(deps, as(owner), lead.id)).accepted).toBe(true);
  return { id: lead.id, number: lead.number, owner };
}

const ownerCards = async (leadId: string, ownerId: string) =>
  (await cards(database, { destination: `user:${ownerId}` })).filter(
    (c) => c.refKey === `lead:${leadId}:offer:${ownerId}`,
  );

describe('stages after acceptance', () => {
  it('the accepted offer becomes the owner card: stage, checklist from closeloop.yaml, buttons', async () => {
    const lead = await acceptedLead();
    const [, accepted] = await ownerCards(lead.id, lead.owner.id);
    expect(accepted?.card.title).toBe(`Accepted by ${lead.owner.name}: Lead 1`);
    expect(field(accepted!.card, 'Stage')).toBe('accepted, awaiting first contact');
    expect(accepted?.card.body).toContain('- Call within the first-contact SLA');
    expect(accepted?.card.actions.map((a) => a.id)).toEqual([
      'lead.contacted',
      'lead.log_call',
      'lead.log',
      'lead.lost',
    ]);
  });

  it('lead stage moves forward from text (English and Chinese) and buttons, audited, the card edited in place', async () => {
    const lead = await acceptedLead();
    const owner = as(lead.owner);
    expect(await runTextCommand(deps, owner, `lead stage ${lead.number} contacted`)).toEqual({
      text: `${lead.number} is now contacted.`,
      tone: 'success',
    });
    // Backwards is refused as a value, nothing changes.
    expect((await runTextCommand(deps, owner, `lead stage ${lead.number} contacted`)).tone).toBe('warning');
    let card = (await ownerCards(lead.id, lead.owner.id)).at(-1)!.card;
    expect(card.title).toBe('Contacted: Lead 1');
    expect(card.body).toContain('- Send material or a quote');
    expect(card.actions.map((a) => a.id)).toEqual([
      'lead.qualified',
      'lead.log_call',
      'lead.log',
      'lead.lost',
    ]);

    const reply = await leadActions['lead.qualified']!(deps, owner, {
      action: 'lead.qualified',
      entityId: lead.id,
    });
    expect(reply).toEqual({ text: `${lead.number} is now qualified.`, tone: 'success' });
    card = (await ownerCards(lead.id, lead.owner.id)).at(-1)!.card;
    expect(card.title).toBe('Qualified: Lead 1');
    expect(field(card, 'Stage')).toBe('qualified');
    expect((await leadRow(lead.id)).stage).toBe('qualified');
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'lead.stage'));
    expect(audits.map((a) => [a.before, a.after])).toEqual([
      [{ stage: 'accepted' }, { stage: 'contacted' }],
      [{ stage: 'contacted' }, { stage: 'qualified' }],
    ]);

    // Chinese alias on a second lead; a stranger may not move it.
    const second = await acceptedLead();
    const zh = { ...second.owner, locale: 'zh-CN' };
    expect((await runTextCommand(deps, as(zh), `线索 阶段 ${second.number} 合格`)).text).toBe(
      `${second.number} 现在是「已确认商机」。`,
    );
    const stranger = [team.amy, team.bo, team.cai].find((u) => u.id !== second.owner.id)!;
    await expect(
      runTextCommand(deps, as(stranger), `lead stage ${second.number} contacted`),
    ).rejects.toMatchObject({
      code: 'lead_not_yours',
    });
    await expect(runTextCommand(deps, owner, `lead stage ${lead.number} won`)).rejects.toMatchObject({
      code: 'lead_stage_invalid',
      field: 'stage',
    });
  });

  it('logging the first call (button with a note) makes the lead contacted by itself', async () => {
    const lead = await acceptedLead();
    const reply = await leadActions['lead.log_call']!(deps, as(lead.owner), {
      action: 'lead.log_call',
      entityId: lead.id,
      input: 'wants a quote',
    });
    expect(reply.text).toBe(
      `Logged on ${lead.number}: call. First contact made: ${lead.number} is now contacted.`,
    );
    expect((await leadRow(lead.id)).stage).toBe('contacted');
    expect((await ownerCards(lead.id, lead.owner.id)).at(-1)?.card.title).toBe('Contacted: Lead 1');
    // A note is not a conversation.
    const other = await acceptedLead();
    await runTextCommand(deps, as(other.owner), `lead log ${other.number} note "looked them up"`);
    expect((await leadRow(other.id)).stage).toBeNull();
  });

  it('lost (button, reason from the list) and converted (command or order) close the lead and the card says so', async () => {
    const lost = await acceptedLead();
    await expect(
      leadActions['lead.lost']!(deps, as(lost.owner), {
        action: 'lead.lost',
        entityId: lost.id,
        input: 'cheap',
      }),
    ).rejects.toMatchObject({ code: 'lead_lost_reason_invalid' });
    expect((await leadRow(lost.id)).status).toBe('accepted');
    await leadActions['lead.lost']!(deps, as(lost.owner), {
      action: 'lead.lost',
      entityId: lost.id,
      input: 'competitor went with X',
    });
    expect(await leadRow(lost.id)).toMatchObject({ status: 'lost' });
    const lostCard = (await ownerCards(lost.id, lost.owner.id)).at(-1)!.card;
    expect([lostCard.title, field(lostCard, 'Stage'), lostCard.actions]).toEqual([
      'Lost: Lead 1',
      'lost',
      [],
    ]);

    const won = await acceptedLead();
    expect((await runTextCommand(deps, as(won.owner), `lead stage ${won.number} converted`)).text).toBe(
      `${won.number} converted: customer Lead 2.`,
    );
    expect(await leadRow(won.id)).toMatchObject({ status: 'converted', closedAt: expect.any(Date) });
    expect((await ownerCards(won.id, won.owner.id)).at(-1)?.card.title).toBe('Converted: Lead 2');

    const ordered = await acceptedLead();
    await createOrder(deps, as(ordered.owner), {
      source: { lead: ordered.number },
      lines: [{ description: 'Widget', quantity: 1, unitPriceMinor: 10000 }],
      paymentPlan: 'net-30',
    });
    expect((await leadRow(ordered.id)).status).toBe('converted');
    const orderedCard = (await ownerCards(ordered.id, ordered.owner.id)).at(-1)!.card;
    expect([orderedCard.title, orderedCard.actions]).toEqual(['Converted: Lead 3', []]);
  });
});

describe('first-contact SLA', () => {
  const twoWorkers = async () => {
    const [a, b] = await Promise.all([enforceFirstContact(deps), enforceFirstContact(deps)]);
    return {
      reminded: a.reminded + b.reminded,
      rerouted: a.rerouted + b.rerouted,
      escalated: a.escalated + b.escalated,
    };
  };

  it('reminds the owner at 2 working hours, re-routes at 4, escalates after 2 re-routes; each once with two workers', async () => {
    const lead = await acceptedLead();
    const first = lead.owner;
    clock.advance(119 * minute);
    expect(await twoWorkers()).toEqual({ reminded: 0, rerouted: 0, escalated: 0 });
    clock.advance(1 * minute);
    expect(await twoWorkers()).toEqual({ reminded: 1, rerouted: 0, escalated: 0 });
    expect(await twoWorkers()).toEqual({ reminded: 0, rerouted: 0, escalated: 0 });
    const reminders = (await cards(database, { destination: `user:${first.id}` })).filter((c) =>
      c.refKey.includes(':first-contact:'),
    );
    expect(reminders.map((r) => r.card.title)).toEqual(['First contact due: Lead 1']);

    clock.advance(2 * hour);
    expect(await twoWorkers()).toEqual({ reminded: 0, rerouted: 1, escalated: 0 });
    const released = await leadRow(lead.id);
    expect(released).toMatchObject({ status: 'offered', reroutes: 1, ownerId: null });
    expect(released.offeredToId).not.toBe(first.id);
    expect((await ownerCards(lead.id, first.id)).at(-1)?.card).toMatchObject({
      title: 'Not contacted in time: Lead 1',
      actions: [],
    });
    expect(
      await database.db.select().from(auditLog).where(eq(auditLog.action, 'lead.first_contact_timeout')),
    ).toHaveLength(1);
    // The next rep's offer says the first owner accepted and never made contact (not that they declined).
    const offer = (await cards(database, { destination: `user:${released.offeredToId}` })).find(
      (c) => c.refKey === `lead:${lead.id}:offer:${released.offeredToId}`,
    )?.card;
    expect(offer?.context).toContain(`accepted by ${first.name} but no first contact in time`);
    expect(offer?.context).not.toContain('declined');

    // The second owner accepts at 14:00 and is late at 18:00; the third accepts at 18:00, off shift, so their
    // clock starts Tuesday 09:00 and runs out at 13:00.
    const second = byId(released.offeredToId)!;
    await acceptLead(deps, as(second), lead.id);
    clock.advance(4 * hour);
    expect(await twoWorkers()).toEqual({ reminded: 0, rerouted: 1, escalated: 0 });
    const third = byId((await leadRow(lead.id)).offeredToId)!;
    expect([first.id, second.id]).not.toContain(third.id);
    await acceptLead(deps, as(third), lead.id);
    clock.set('2026-11-03T04:59:00Z');
    expect(await twoWorkers()).toEqual({ reminded: 1, rerouted: 0, escalated: 0 });
    clock.set('2026-11-03T05:00:00Z');
    expect(await twoWorkers()).toEqual({ reminded: 0, rerouted: 0, escalated: 1 });
    expect(await leadRow(lead.id)).toMatchObject({ offeredToId: team.manager.id, reroutes: 3 });
  });

  it('a lead contacted in time is left alone', async () => {
    const lead = await acceptedLead();
    clock.advance(3 * hour);
    await runTextCommand(deps, as(lead.owner), `lead log ${lead.number} message "sent the brochure"`);
    clock.advance(5 * hour);
    expect(await twoWorkers()).toEqual({ reminded: 0, rerouted: 0, escalated: 0 });
    expect(await leadRow(lead.id)).toMatchObject({ status: 'accepted', ownerId: lead.owner.id });
  });
});

describe('idle-lead reminders', () => {
  it('one reminder per idle stretch (3 days in contacted), again after 3 more idle days, once with two workers', async () => {
    const lead = await acceptedLead();
    await runTextCommand(deps, as(lead.owner), `lead log ${lead.number} call "intro"`);
    const twoWorkers = async () => {
      const [a, b] = await Promise.all([remindIdleLeads(deps), remindIdleLeads(deps)]);
      return a.reminded + b.reminded;
    };
    clock.advance(3 * day - minute);
    expect(await twoWorkers()).toBe(0);
    clock.advance(minute);
    expect(await twoWorkers()).toBe(1);
    clock.advance(day);
    expect(await twoWorkers()).toBe(0);
    clock.advance(2 * day);
    expect(await twoWorkers()).toBe(1);
    const idle = (await cards(database, { destination: `user:${lead.owner.id}` })).filter((c) =>
      c.refKey.includes(':idle:'),
    );
    expect(idle.map((c) => c.card.title)).toEqual(['Idle for 3 days: Lead 1', 'Idle for 6 days: Lead 1']);
    expect(idle[0]?.card.actions.map((a) => a.id)).toEqual([
      'lead.qualified',
      'lead.log_call',
      'lead.log',
      'lead.lost',
    ]);
    // Logging something restarts the clock.
    await runTextCommand(deps, as(lead.owner), `lead log ${lead.number} note "called back later"`);
    clock.advance(2 * day);
    expect(await twoWorkers()).toBe(0);
  });
});

describe('daily check-in', () => {
  it('at the start of the working day: due follow-ups, awaiting first contact, idle — once per rep per day', async () => {
    await database.db.update(users).set({ active: false }).where(eq(users.id, team.bo.id));
    await database.db.update(users).set({ active: false }).where(eq(users.id, team.cai.id));
    // Sunday 20:00: leads come in and Amy accepts them.
    clock.set('2026-11-01T12:00:00Z');
    const waiting = await acceptedLead();
    const promised = await acceptedLead();
    const idle = await acceptedLead();
    expect([waiting, promised, idle].map((l) => l.owner.id)).toEqual([team.amy.id, team.amy.id, team.amy.id]);
    await runTextCommand(deps, as(team.amy), `lead log ${promised.number} call "call back" next:2026-11-02`);
    await runTextCommand(deps, as(team.amy), `lead log ${idle.number} call "intro"`);
    const twoWorkers = async () => {
      const [a, b] = await Promise.all([sendDailyCheckIns(deps), sendDailyCheckIns(deps)]);
      return a.sent + b.sent;
    };
    // Monday 08:59 is before Amy's day starts.
    clock.set('2026-11-02T00:59:00Z');
    expect(await twoWorkers()).toBe(0);
    clock.set('2026-11-02T01:00:00Z');
    expect(await twoWorkers()).toBe(1);
    expect(await twoWorkers()).toBe(0);
    const [checkIn, ...more] = (await cards(database, { destination: `user:${team.amy.id}` })).filter((c) =>
      c.refKey.startsWith('lead-check-in:'),
    );
    expect(more).toHaveLength(0);
    expect(checkIn?.card.title).toBe('Your leads today (2)');
    expect(checkIn?.card.body).toContain(`${promised.number} Lead 2 · due 2026-11-02`);
    expect(checkIn?.card.body).toContain(`${waiting.number} Lead 1 · accepted 2026-11-01`);
    expect(checkIn?.card.actions.map((a) => [a.id, a.value])).toEqual([
      ['lead.log_call', promised.id],
      ['lead.log_call', waiting.id],
    ]);
    // Meng has no leads: nothing sent, but the day is claimed.
    expect(await cards(database, { destination: `user:${team.manager.id}` })).toEqual([]);
    expect(
      await database.db
        .select()
        .from(leadCheckIns)
        .where(and(eq(leadCheckIns.userId, team.manager.id), eq(leadCheckIns.day, '2026-11-02'))),
    ).toHaveLength(1);

    // Thursday: the promise is overdue and the contacted lead idle for 3 days.
    clock.set('2026-11-05T01:30:00Z');
    expect(await twoWorkers()).toBe(1);
    const thursday = (await cards(database, { destination: `user:${team.amy.id}` })).filter(
      (c) => c.refKey === `lead-check-in:${team.amy.id}:2026-11-05`,
    );
    expect(thursday[0]?.card.body).toContain(`${promised.number} Lead 2 · overdue since 2026-11-02`);
    expect(thursday[0]?.card.body).toContain(`${idle.number} Lead 3 · contacted, nothing logged for 3 days`);
    // Saturday is not a working day.
    clock.set('2026-11-07T02:00:00Z');
    expect(await twoWorkers()).toBe(0);
  });
});

describe('follow-up policy in closeloop.yaml', () => {
  const base = `org: {}
channels: { finance: {slack: C2} }
routing:
  rules: [{ name: all, assign: { strategy: round-robin } }]
  sla: { firstContact: 4h, firstContactReminder: 5h }
approvals: { levels: [{ name: manager, approvers: requester.manager }] }
dunning: [{ at: 0d, notify: [rep] }]
followUp:
  stages:
    contacted: { idleAfter: 3x, checklist: { en: [Call] } }
`;
  it('names the path and the fix of each mistake', () => {
    let problems: string[] = [];
    try {
      parsePolicy(base, 'closeloop.yaml');
    } catch (e) {
      if (!(e instanceof PolicyError)) throw e;
      problems = e.problems;
    }
    expect(
      problems.some(
        (p) => p.includes('routing.sla.firstContactReminder') && p.includes('before firstContact'),
      ),
    ).toBe(true);
    expect(problems.some((p) => p.includes('followUp.stages.contacted.idleAfter') && p.includes('3d'))).toBe(
      true,
    );
    expect(problems.some((p) => p.includes('followUp.stages.contacted.checklist.zh-CN'))).toBe(true);
  });
});

describe('lost reasons from closeloop.yaml', () => {
  // The example policy with followUp.lostReasons replaced; extra is merged into followUp.
  const withReasons = (lostReasons: unknown) => {
    const doc = parseYaml(readFileSync(examplePolicyFile, 'utf8')) as { followUp: Record<string, unknown> };
    doc.followUp.lostReasons = lostReasons;
    return stringifyYaml(doc);
  };
  const problemsOf = (text: string) => {
    try {
      parsePolicy(text, 'closeloop.yaml');
      return [];
    } catch (e) {
      if (!(e instanceof PolicyError)) throw e;
      return e.problems;
    }
  };

  it('the Lost… prompt, the button, lead lost and the error all use the list in the yaml', async () => {
    const policy = parsePolicy(
      withReasons({
        'budget-cut': { en: 'budget cut', 'zh-CN': '预算砍掉', aliases: ['砍预算'] },
        'went-dark': { en: 'went dark', 'zh-CN': '失联' },
      }),
      'closeloop.yaml',
    );
    deps = testDeps(database, { clock, policy });
    const lead = await acceptedLead();
    const lostButton = (await ownerCards(lead.id, lead.owner.id))
      .at(-1)
      ?.card.actions.find((a) => a.id === 'lead.lost');
    expect(lostButton?.prompt?.label).toBe('Reason: budget-cut, went-dark (then a note)');

    // A built-in reason the yaml left out is refused, naming the reasons there are.
    const refused = await leadActions['lead.lost']!(deps, as(lead.owner), {
      action: 'lead.lost',
      entityId: lead.id,
      input: 'price',
    }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'lead_lost_reason_invalid', field: 'reason' });
    expect(errorText(refused as DomainError, 'en')).toContain('use one of budget-cut, went-dark.');
    expect(errorText(refused as DomainError, 'zh-CN')).toContain('请用其中之一：预算砍掉、失联。');
    expect((await leadRow(lead.id)).status).toBe('accepted');

    const zhOwner = { ...lead.owner, locale: 'zh-CN' };
    expect((await runTextCommand(deps, as(zhOwner), `线索 丢单 ${lead.number} 砍预算 老板不批`)).text).toBe(
      `${lead.number} 已标记为丢单（预算砍掉）。`,
    );
    const [lost] = await database.db
      .select()
      .from(leadActivities)
      .where(and(eq(leadActivities.leadId, lead.id), eq(leadActivities.kind, 'lost')));
    expect([lost?.data, lost?.note]).toEqual([{ reason: 'budget-cut' }, '老板不批']);
    expect((await leadRow(lead.id)).status).toBe('lost');

    // The button takes the reason's name too, and answers with it in the clicker's language.
    const other = await acceptedLead();
    expect(
      (
        await leadActions['lead.lost']!(deps, as(other.owner), {
          action: 'lead.lost',
          entityId: other.id,
          input: 'went-dark no answer for a month',
        })
      ).text,
    ).toBe(`${other.number} closed as lost (went dark).`);
  });

  it('names the path and the fix of each mistake in the list', () => {
    expect(problemsOf(withReasons({}))).toEqual([expect.stringContaining('list at least one reason')]);
    expect(problemsOf(withReasons({ 'budget-cut': { en: 'budget cut' } }))).toEqual([
      expect.stringMatching(/followUp\.lostReasons\.budget-cut\.zh-CN.*name the reason in Chinese/),
    ]);
    expect(
      problemsOf(
        withReasons({
          price: { en: 'price', 'zh-CN': '价格' },
          cost: { en: 'cost', 'zh-CN': '成本', aliases: ['Price'] },
        }),
      ),
    ).toEqual([
      expect.stringMatching(
        /followUp\.lostReasons\.cost.*"price" already names price; give each word to one reason/,
      ),
    ]);
    expect(problemsOf(withReasons({ 'No Budget': { en: 'x', 'zh-CN': 'y' } }))).toEqual([
      expect.stringContaining('lower-case-with-dashes'),
    ]);
  });
});
