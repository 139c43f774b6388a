import { and, asc, desc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../src/app/apikeys/create-api-key.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { acceptLead } from '../../../src/app/leads/accept-lead.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import { logLeadActivity } from '../../../src/app/leads/log-lead-activity.ts';
import { auditLog, leadActivities, leads } from '../../../src/db/schema.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { leadMergeApi } from '../../../src/http/api/lead-merge.ts';
import { buildServer } from '../../../src/http/server.ts';
import { errorText } from '../../../src/messages/catalogue/errors.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { addTeam, cards, type Team } from './fixtures.ts';

const as = (user: UserRow): UserActor => ({ kind: 'user', user });
let database: TestDatabase;
let deps: AppDeps;
let team: Team;

beforeEach(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  team = await addTeam(database);
});

afterEach(async () => {
  await database?.close();
});

const east = { region: 'east', industry: 'manufacturing' };

async function leadRow(id: string) {
  const [row] = await database.db.select().from(leads).where(eq(leads.id, id));
  if (!row) throw new Error('no lead');
  return row;
}

async function activitiesOf(id: string) {
  return database.db
    .select()
    .from(leadActivities)
    .where(eq(leadActivities.leadId, id))
    .orderBy(asc(leadActivities.id));
}

// A: offered to Amy and accepted, with a logged call. B: offered to Bo, with a duplicate touch from a trade show.
async function twoLeads() {
  const a = await createLead(
    deps,
    { kind: 'system', name: 'test' },
    { name: 'Li Lei', email: 'li@acme.cn', ...east },
  );
  const b = await createLead(
    deps,
    { kind: 'system', name: 'test' },
    { name: 'Lei Li', phone: '13800138000', ...east },
  );
  if (a.duplicate || b.duplicate) throw new Error('expected two new leads');
  await acceptLead(deps, as(team.amy), a.id);
  await logLeadActivity(deps, as(team.amy), a.number, 'call', 'asked for a quote');
  const again = await createLead(
    deps,
    { kind: 'system', name: 'test' },
    { name: 'Lei Li', phone: '+86 138 0013 8000', source: 'expo' },
  );
  expect(again.duplicate).toBe(true);
  return { a, b };
}

describe('lead merge / lead unmerge', () => {
  it('a manager merges B into A: activities move, B is closed as merged with a pointer, both cards edited, audited', async () => {
    const { a, b } = await twoLeads();
    const bBefore = await activitiesOf(b.id);
    const aBefore = await activitiesOf(a.id);
    expect(bBefore.map((x) => x.kind).sort()).toEqual(['created', 'duplicate', 'offered']);

    const reply = await runTextCommand(deps, as(team.manager), `lead merge ${a.number} ${b.number}`);
    expect(reply).toEqual({
      text: `Merged ${b.number} into ${a.number}: 3 activities moved. To undo: lead unmerge ${b.number}`,
      tone: 'success',
    });
    const dropped = await leadRow(b.id);
    expect(dropped).toMatchObject({ status: 'merged', mergedIntoId: a.id, offeredToId: null });
    expect(dropped.closedAt).not.toBeNull();
    expect(await activitiesOf(b.id)).toEqual([]);
    expect((await activitiesOf(a.id)).map((x) => x.id).sort()).toEqual(
      [...aBefore, ...bBefore].map((x) => x.id).sort(),
    );
    expect(await countRows(database, 'leads')).toBe(2);

    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'lead.merge'), eq(auditLog.entityId, b.id)));
    expect(audit?.before).toMatchObject({ status: 'offered', offeredToId: team.bo.id, mergedIntoId: null });
    expect(audit?.after).toMatchObject({ status: 'merged', mergedIntoId: a.id, movedActivities: 3 });

    const toBo = await cards(database, { destination: `user:${team.bo.id}` });
    const boUpdate = toBo.filter((c) => c.op === 'update').at(-1);
    expect(boUpdate?.refKey).toBe(`lead:${b.id}:offer:${team.bo.id}`);
    expect(boUpdate?.card.title).toBe(`Merged into ${a.number}: Lei Li`);
    expect(boUpdate?.card.actions).toEqual([]);
    const amyUpdate = (await cards(database, { destination: `user:${team.amy.id}` }))
      .filter((c) => c.op === 'update')
      .at(-1);
    expect(amyUpdate?.refKey).toBe(`lead:${a.id}:offer:${team.amy.id}`);
    // Amy's lead card keeps what it was (her stage buttons), with the merge note added.
    const amyCard = (await cards(database, { destination: `user:${team.amy.id}` })).filter(
      (c) => c.refKey === amyUpdate?.refKey && c.op === 'update',
    );
    expect(amyUpdate?.card.actions).toEqual(amyCard.at(-2)?.card.actions);
    expect(amyUpdate?.card.actions.length).toBeGreaterThan(0);
    expect(amyUpdate?.card.body).toContain(
      `${b.number} (Lei Li) was merged into this lead; its 3 activities are here now.`,
    );
  });

  it('lead unmerge restores the dropped lead exactly — row, activities and card — and the kept lead’s activities', async () => {
    const { a, b } = await twoLeads();
    const rowBefore = await leadRow(b.id);
    const bBefore = await activitiesOf(b.id);
    const aBefore = await activitiesOf(a.id);
    await runTextCommand(deps, as(team.manager), `线索 合并 ${a.number} ${b.number}`);
    // Activity on the kept lead after the merge stays there.
    await logLeadActivity(deps, as(team.amy), a.number, 'note', 'same person as the expo contact');

    const reply = await runTextCommand(deps, as(team.manager), `lead unmerge ${b.number}`);
    expect(reply.text).toBe(
      `${b.number} is a lead of its own again (offered, awaiting acceptance); 3 activities moved back from ${a.number}.`,
    );
    expect(await leadRow(b.id)).toEqual(rowBefore);
    expect(await activitiesOf(b.id)).toEqual(bBefore);
    const aNow = await activitiesOf(a.id);
    expect(aNow.filter((x) => x.note !== 'same person as the expo contact')).toEqual(aBefore);
    expect(aNow.length).toBe(aBefore.length + 1);

    const boUpdate = (await cards(database, { destination: `user:${team.bo.id}` })).at(-1);
    expect(boUpdate?.op).toBe('update');
    expect(boUpdate?.card.title).toBe('New lead for you: Lei Li');
    expect(boUpdate?.card.actions.map((x) => x.id)).toEqual(['lead.accept', 'lead.decline']);
    const [undone] = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'lead.unmerge'))
      .orderBy(desc(auditLog.id));
    expect(undone?.before).toMatchObject({ status: 'merged', mergedIntoId: a.id });
    expect(undone?.after).toMatchObject({ status: 'offered', offeredToId: team.bo.id, mergedIntoId: null });
    // And Bo can accept it again as if nothing happened.
    expect((await acceptLead(deps, as(team.bo), b.id)).accepted).toBe(true);
  });

  it('refuses merging a lead into itself, a merged lead, and leads of different owners by a rep — naming the field', async () => {
    const { a, b } = await twoLeads();
    const c = await createLead(
      deps,
      { kind: 'system', name: 'test' },
      { name: 'Wu', email: 'wu@x.cn', ...east },
    );
    const refusal = async (user: UserRow, text: string) => {
      const e = await runTextCommand(deps, as(user), text).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(DomainError);
      return e as DomainError;
    };
    const same = await refusal(team.manager, `lead merge ${a.number} ${a.number}`);
    expect([same.code, same.field]).toEqual(['lead_merge_same', 'drop']);
    expect(errorText(same, 'en')).toContain('name two different leads');

    const notMine = await refusal(team.amy, `lead merge ${a.number} ${b.number}`);
    expect([notMine.kind, notMine.code, notMine.field]).toEqual([
      'forbidden',
      'lead_merge_not_allowed',
      'drop',
    ]);
    expect(errorText(notMine, 'zh-CN')).toBe(
      `只有主管或两条线索的共同负责人可以合并；${a.number} 和 ${b.number} 的负责人不同。`,
    );

    await runTextCommand(deps, as(team.manager), `lead merge ${a.number} ${b.number}`);
    const again = await refusal(team.manager, `lead merge ${c.number} ${b.number}`);
    expect([again.kind, again.code, again.field]).toEqual(['conflict', 'lead_merge_already_merged', 'drop']);
    expect(errorText(again, 'en')).toBe(
      `drop ${b.number} was already merged into ${a.number}; merge into ${a.number} instead, or lead unmerge ${b.number} first.`,
    );
    const into = await refusal(team.manager, `lead merge ${b.number} ${c.number}`);
    expect([into.code, into.field]).toEqual(['lead_merge_already_merged', 'keep']);
    const notMerged = await refusal(team.manager, `lead unmerge ${c.number}`);
    expect(notMerged.code).toBe('lead_unmerge_not_merged');
    const unknown = await refusal(team.manager, 'lead merge L-999999 L-000001');
    expect(unknown.code).toBe('lead_not_found');
    const missing = await refusal(team.manager, `lead merge ${a.number}`);
    expect([missing.code, missing.field]).toEqual(['missing_argument', 'drop']);
    // Nothing of C moved or changed.
    expect((await leadRow(c.id)).status).toBe('offered');
    expect((await activitiesOf(c.id)).length).toBe(2);
  });

  it('a rep who owns both leads may merge them; unmerge is refused once a new open lead holds the same phone', async () => {
    const a = await createLead(
      deps,
      { kind: 'system', name: 't' },
      { name: 'P1', email: 'p1@x.cn', ...east },
    );
    const b = await createLead(
      deps,
      { kind: 'system', name: 't' },
      { name: 'P2', phone: '13900139000', ...east },
    );
    if (a.duplicate || b.duplicate) throw new Error('expected new leads');
    await acceptLead(deps, as(team.amy), a.id);
    // Amy declined nothing; B went to Bo, so give it to Amy as a manager would.
    await database.db
      .update(leads)
      .set({ ownerId: team.amy.id, status: 'accepted', offeredToId: null })
      .where(eq(leads.id, b.id));
    const reply = await runTextCommand(deps, as(team.amy), `lead merge ${a.number} ${b.number}`);
    expect(reply.tone).toBe('success');
    const c = await createLead(
      deps,
      { kind: 'system', name: 't' },
      { name: 'P3', phone: '139 0013 9000', ...east },
    );
    expect(c.duplicate).toBe(false);
    const e = (await runTextCommand(deps, as(team.amy), `lead unmerge ${b.number}`).catch(
      (x: unknown) => x,
    )) as DomainError;
    expect([e.code, e.field]).toEqual(['lead_unmerge_conflict', 'phone']);
    expect(errorText(e, 'en')).toContain(`open lead ${c.number} now has the same phone`);
    expect((await leadRow(b.id)).status).toBe('merged');
  });

  it('POST /api/leads/:id/merge and /unmerge, with 4xx naming the field', async () => {
    const { a, b } = await twoLeads();
    const app = await buildServer({ deps, api: [leadMergeApi], adapters: [], health: {} });
    try {
      const headers = { authorization: `Bearer ${(await createApiKey(deps, 'crm')).key}` };
      const merged = await app.inject({
        method: 'POST',
        url: `/api/leads/${a.id}/merge`,
        headers,
        payload: { drop: b.number },
      });
      expect(merged.statusCode).toBe(200);
      expect(merged.json()).toEqual({
        keep: { id: a.id, number: a.number },
        drop: { id: b.id, number: b.number },
        moved: 3,
      });
      const twice = await app.inject({
        method: 'POST',
        url: `/api/leads/${a.number}/merge`,
        headers,
        payload: { drop: b.id },
      });
      expect(twice.statusCode).toBe(409);
      expect(twice.json()).toMatchObject({ error: 'lead_merge_already_merged', field: 'drop' });
      const noDrop = await app.inject({
        method: 'POST',
        url: `/api/leads/${a.id}/merge`,
        headers,
        payload: {},
      });
      expect(noDrop.statusCode).toBe(400);
      expect(noDrop.json().message).toContain('drop');
      const undone = await app.inject({ method: 'POST', url: `/api/leads/${b.number}/unmerge`, headers });
      expect(undone.statusCode).toBe(200);
      expect(undone.json()).toMatchObject({ drop: { id: b.id, status: 'offered' }, moved: 3 });
      expect((await leadRow(b.id)).mergedIntoId).toBeNull();
    } finally {
      await app.close();
    }
  });
});
