// The audit log as an auditor meets it: append-only for everyone, tamper-evident through the hash chain, readable by
// record, actor and action, and archivable without breaking the chain.
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../src/app/apikeys/create-api-key.ts';
import { archiveAuditLog } from '../../../src/app/audit/archive-audit-log.ts';
import { sealAuditLog } from '../../../src/app/audit/seal-audit-log.ts';
import { verifyAuditChain } from '../../../src/app/audit/verify-audit-chain.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { inTransaction } from '../../../src/app/unit-of-work.ts';
import { prepareAppRole, urlAs } from '../../../src/db/app-role.ts';
import { openDatabase } from '../../../src/db/client.ts';
import { auditApi } from '../../../src/http/api/audit.ts';
import { leadsApi } from '../../../src/http/api/leads.ts';
import { buildServer } from '../../../src/http/server.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { addTeam, addUser, type Team } from '../leads/fixtures.ts';

let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;
let team: Team;
let auth: { authorization: string };

const query = async (text: string) => (await database.pool.query(text)).rows;
const refused = (text: string) =>
  database.pool.query(text).then(
    () => 'done',
    (e: Error) => e.message,
  );

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  team = await addTeam(database);
  app = await buildServer({ deps, api: [leadsApi, auditApi], adapters: [], health: {} });
  auth = { authorization: `Bearer ${(await createApiKey(deps, 'auditor')).key}` };
  for (const [name, email] of [
    ['Zhang Wei', 'zhang@hzp.cn'],
    ['Li Na', 'li@acme.cn'],
  ]) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/leads',
      headers: auth,
      payload: {
        name,
        email,
        company: `${name} Co`,
        region: 'east',
        industry: 'manufacturing',
        source: 'website',
      },
    });
    expect(res.statusCode).toBe(201);
  }
  await inTransaction(deps, { kind: 'user', user: team.manager, via: 'slack' }, (uow) =>
    uow.audit({ action: 'order.approve', entityType: 'order', entityId: team.amy.id, after: { level: 1 } }),
  );
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('append-only, whoever connects', () => {
  it('even the owner (a superuser here) cannot UPDATE, DELETE or TRUNCATE an audit row: the trigger refuses', async () => {
    const before = await query('select count(*)::int n from audit_log');
    expect(await refused(`update audit_log set action = 'x' where id = 1`)).toMatch(/append-only/);
    expect(await refused('delete from audit_log where id = 1')).toMatch(/append-only/);
    expect(await refused('truncate audit_log')).toMatch(/append-only/);
    expect(await query('select count(*)::int n from audit_log')).toEqual(before);
    expect((await query('select action from audit_log where id = 1'))[0]?.action).toBe('apikey.create');
  });

  it('the restricted app role appends and seals, and is refused everything else by PostgreSQL itself', async () => {
    const role = { user: `app_${Math.random().toString(36).slice(2, 10)}`, password: 'pw-test-123' };
    await prepareAppRole(database.pool, role.user, role);
    const asApp = openDatabase(urlAs(database.url, role), 2);
    try {
      const who = await asApp.pool.query('select current_user as u');
      expect(who.rows[0]?.u).toBe(role.user);
      await inTransaction({ ...deps, db: asApp.db }, { kind: 'system', name: 'test' }, (uow) =>
        uow.audit({ action: 'test.append', entityType: 'test', entityId: '1' }),
      );
      const denied = (text: string) =>
        asApp.pool.query(text).then(
          () => 'done',
          (e: Error) => e.message,
        );
      expect(await denied(`update audit_log set action = 'x' where action = 'test.append'`)).toMatch(
        /permission denied/,
      );
      expect(await denied(`delete from audit_log where action = 'test.append'`)).toMatch(/permission denied/);
      expect(await denied('truncate audit_log')).toMatch(/permission denied/);
      expect(await denied('alter table audit_log disable trigger audit_log_no_change')).toMatch(
        /must be owner/,
      );
      // The one change it may make: the seal, once.
      const { sealed } = await sealAuditLog({ db: asApp.db });
      expect(sealed).toBeGreaterThan(0);
      expect(await denied(`update audit_log set hash = 'x' where seal_seq = 1`)).toMatch(/append-only/);
      // Everything else stays an ordinary table to it.
      expect(await denied(`update users set timezone = 'Asia/Shanghai' where id = '${team.amy.id}'`)).toBe(
        'done',
      );
    } finally {
      await asApp.close();
    }
  });
});

describe('tamper-evident', () => {
  it('verify walks the sealed chain and says OK; a row written later is reported unsealed until the next seal', async () => {
    await sealAuditLog(deps);
    const ok = await verifyAuditChain(deps);
    expect(ok).toMatchObject({ ok: true, broken: null, unsealed: 0 });
    expect(ok.checked).toBe(Number((await query('select count(*)::int n from audit_log'))[0]?.n));
    await inTransaction(deps, { kind: 'system', name: 'test' }, (uow) =>
      uow.audit({ action: 'test.later', entityType: 'test', entityId: '2' }),
    );
    expect(await verifyAuditChain(deps)).toMatchObject({ ok: true, unsealed: 1 });
    await sealAuditLog(deps);
    expect(await verifyAuditChain(deps)).toMatchObject({ ok: true, unsealed: 0 });
  });

  it('an edit made behind the trigger (a superuser disabling it) is found at its row', async () => {
    const [target] = await query(`select id, seal_seq from audit_log where action = 'order.approve'`);
    await database.pool.query(
      `alter table audit_log disable trigger audit_log_no_change;
       update audit_log set after = '{"level": 2}' where id = ${target?.id};
       alter table audit_log enable trigger audit_log_no_change`,
    );
    const report = await verifyAuditChain(deps);
    expect(report.ok).toBe(false);
    expect(report.broken).toEqual({
      problem: 'changed',
      seq: Number(target?.seal_seq),
      id: Number(target?.id),
    });
    await database.pool.query(
      `alter table audit_log disable trigger audit_log_no_change;
       update audit_log set after = '{"level": 1}' where id = ${target?.id};
       alter table audit_log enable trigger audit_log_no_change`,
    );
    expect((await verifyAuditChain(deps)).ok).toBe(true);
  });

  it('a deleted row is a gap, and a head recorded earlier proves rows were cut off the end', async () => {
    const head = (await verifyAuditChain(deps)).head;
    expect(head).not.toBeNull();
    await database.pool.query(
      `alter table audit_log disable trigger audit_log_no_change;
       delete from audit_log where seal_seq = ${head?.seq};
       alter table audit_log enable trigger audit_log_no_change`,
    );
    // Cutting the newest row leaves an unbroken chain; only the recorded head shows it.
    expect((await verifyAuditChain(deps)).ok).toBe(true);
    const cut = await verifyAuditChain(deps, head ? { expectHead: head } : {});
    expect(cut.ok).toBe(false);
    expect(cut.expectedHeadMissing).toEqual(head);
    await database.pool.query(
      `alter table audit_log disable trigger audit_log_no_change;
       delete from audit_log where seal_seq = 2;
       alter table audit_log enable trigger audit_log_no_change`,
    );
    expect((await verifyAuditChain(deps)).broken).toEqual({ problem: 'missing', afterSeq: 1, nextSeq: 3 });
  });
});

describe('reading the log', () => {
  it('GET /api/audit?entity=L-000001 gives that lead’s rows with actor, platform, before/after, newest first', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/audit?entity=L-000001', headers: auth });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.entity).toMatchObject({ type: 'lead', label: 'L-000001' });
    expect(body.entries.length).toBeGreaterThan(0);
    expect(body.entries[0]).toMatchObject({ actor: { label: 'api:auditor' }, platform: 'api', sealed: true });
    expect(body.entries.map((e: { action: string }) => e.action)).toContain('lead.route');
    const ids = body.entries.map((e: { id: number }) => e.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
  });

  it('filters by actor and action prefix and pages with a cursor until nextCursor is null', async () => {
    const seen: number[] = [];
    let cursor: number | null = null;
    do {
      const res: {
        statusCode: number;
        json(): { entries: { id: number; action: string }[]; nextCursor: number | null };
      } = await app.inject({
        method: 'GET',
        url: `/api/audit?actor=api:auditor&action=lead.&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        headers: auth,
      });
      expect(res.statusCode).toBe(200);
      const page = res.json();
      for (const e of page.entries) expect(e.action.startsWith('lead.')).toBe(true);
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    const expected = await query(
      `select id from audit_log where actor_label = 'api:auditor' and action like 'lead.%' order by id desc`,
    );
    expect(seen).toEqual(expected.map((r) => Number(r.id)));
  });

  it('a bad filter is a 400 naming it, an unknown record a 404 saying what to give', async () => {
    const bad = await app.inject({ method: 'GET', url: '/api/audit?from=yesterday', headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/from: write from as an ISO date/);
    const unknown = await app.inject({ method: 'GET', url: '/api/audit?entity=__proto__', headers: auth });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toMatch(/L-000042, SO-2026-00012 or a customer name/);
  });

  it('in chat, finance reads a record’s trail; a rep is refused', async () => {
    const finance = await addUser(database, { name: 'Fang', roles: ['finance'], locale: 'en' });
    const reply = await runTextCommand(deps, { kind: 'user', user: finance }, 'audit L-000002');
    expect(reply.card?.title).toBe('Audit trail · L-000002');
    expect(reply.card?.body).toMatch(/api:auditor \(api\) · `lead.route`/);
    await expect(
      runTextCommand(deps, { kind: 'user', user: team.amy }, 'audit L-000002'),
    ).rejects.toMatchObject({
      code: 'audit_forbidden',
    });
  });
});

describe('archiving old rows', () => {
  it('moves the rows before a date to a 0600 file, the chain still verifies, and later rows keep chaining', async () => {
    const fresh = await createTestDatabase();
    try {
      const d = testDeps(fresh);
      const at = (iso: string) => ({ ...d, clock: { now: () => new Date(iso) } });
      for (const day of ['2026-01-05', '2026-01-06', '2026-03-01']) {
        await inTransaction(at(`${day}T08:00:00Z`), { kind: 'system', name: 'test' }, (uow) =>
          uow.audit({ action: 'test.day', entityType: 'test', entityId: day }),
        );
      }
      await sealAuditLog(d);
      const file = join(mkdtempSync(join(tmpdir(), 'audit-archive-')), 'audit-2026-01.jsonl');
      const outcome = await archiveAuditLog(fresh, { before: new Date('2026-02-01'), file, now: new Date() });
      expect(outcome).toMatchObject({ archived: true, rows: 2, firstSeq: 1, lastSeq: 2 });
      expect(existsSync(file) && (statSync(file).mode & 0o777).toString(8)).toBe('600');
      const lines = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => l.entityId)).toEqual(['2026-01-05', '2026-01-06']);
      const left = await fresh.pool.query('select entity_id from audit_log order by id');
      expect(left.rows.map((r) => r.entity_id)).toEqual(['2026-03-01', '1-2']);
      await sealAuditLog(d);
      const report = await verifyAuditChain(d);
      expect(report).toMatchObject({ ok: true, checked: 2, resumedFromArchive: { seq: 2 } });
      // A second archive of the same range finds nothing old enough.
      const again = await archiveAuditLog(fresh, {
        before: new Date('2026-02-01'),
        file: `${file}.2`,
        now: new Date(),
      });
      expect(again).toEqual({ archived: false, reason: 'nothing_old_enough' });
    } finally {
      await fresh.close();
    }
  });
});

describe('pg role names', () => {
  it('escapes a hostile role name instead of running it', () => {
    expect(pg.escapeIdentifier('x"; drop table users; --')).toBe('"x""; drop table users; --"');
  });
});
