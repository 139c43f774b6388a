// `/closeloop export …` on Slack: the answer comes privately, then the file goes up through
// files.getUploadURLExternal → POST → files.completeUploadExternal into the asker's DM, holding only what they may see.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../../src/app/deps.ts';
import { leads, users } from '../../../src/db/schema.ts';
import { compileAccessPolicy } from '../../../src/domain/access/policy.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { examplePolicy, testDeps } from '../../helpers/deps.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';
import { send, slackServer, slash, until } from './slack-fixture.ts';

let database: TestDatabase;
let deps: AppDeps;
let slack: FakeSlack;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  const policy = examplePolicy();
  // Managers read their team's leads but see only their own leads' phone and email.
  policy.access = compileAccessPolicy(new Map([['manager', { grants: { 'lead.contact': 'own' } }]]), true);
  deps = testDeps(database, {
    policy,
    clock: testClock('2026-11-02T02:00:00Z'),
    platforms: ['console', 'slack'],
  });
  slack = await startFakeSlack();
  app = await slackServer(deps, slack);
  const person = async (
    name: string,
    slackUserId: string,
    roles: string[],
    managerId: string | null = null,
  ) => {
    const [u] = await database.db
      .insert(users)
      .values({
        name,
        email: `${slackUserId.toLowerCase()}@example.cn`,
        roles,
        slackUserId,
        managerId,
        locale: 'en',
      })
      .returning({ id: users.id });
    slack.users.set(slackUserId, `${slackUserId.toLowerCase()}@example.cn`);
    return u!.id;
  };
  const meng = await person('Meng Manager', 'U0MENG', ['manager']);
  const amy = await person('Amy Rep', 'U0AMY', ['rep'], meng);
  const bo = await person('Bo Rep', 'U0BO', ['rep'], meng);
  const cai = await person('Cai Rep', 'U0CAI', ['rep']);
  const lead = (name: string, ownerId: string, phone: string) => ({
    name,
    ownerId,
    phone,
    email: `${name.toLowerCase().replace(/\W/g, '')}@cust.cn`,
    status: 'accepted',
    createdAt: new Date('2026-10-20T02:00:00Z'),
  });
  await database.db
    .insert(leads)
    .values([
      lead('Amy One', amy, '13800138001'),
      lead('Amy Two', amy, '13800138002'),
      lead('+cmd|calc', amy, '13800138003'),
      lead('Bo One', bo, '13800138004'),
      lead('Bo Two', bo, '13800138005'),
      lead('Cai Only', cai, '13800138006'),
    ]);
});
beforeEach(() => {
  slack.calls.length = 0;
});
afterAll(async () => {
  await app?.close();
  await slack?.close();
  await database?.close();
});

const uploaded = async () => {
  const complete = await until(
    () => slack.callsTo('files.completeUploadExternal')[0],
    'the completed upload',
  );
  const [ticket] = slack.callsTo('files.getUploadURLExternal');
  const [upload] = slack.callsTo('upload');
  return { ticket: ticket!, upload: upload!, complete };
};

describe('export on Slack', () => {
  it('a rep gets a CSV of their own leads in their DM, formula text escaped, contact details shown', async () => {
    const res = await send(
      app,
      deps,
      slash('U0AMY', '/closeloop', 'export leads', slack.responseUrl('export')),
    );
    expect(res.statusCode).toBe(200);
    const reply = await until(() => slack.callsTo('response_url')[0], 'the private answer');
    expect(reply.args.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply.args)).toContain('Your export of leads (everything, CSV) is attached below.');
    const { ticket, upload, complete } = await uploaded();
    const bytes = upload.args.bytes as Buffer;
    expect(ticket.args).toMatchObject({ filename: 'leads-all_2026-11-02.csv', length: String(bytes.length) });
    // Shared into the DM conversations.open gave for the asker, and nowhere else.
    const [open] = slack.callsTo('conversations.open');
    expect(open?.args.users).toBe('U0AMY');
    expect(complete.args.channel_id).toBe('D0AMY');
    expect(complete.args.files).toEqual([{ id: upload.args.fileId, title: 'leads-all_2026-11-02.csv' }]);
    expect(String(complete.args.initial_comment)).toContain('Exported 3 rows of leads');
    const rows = parse(bytes, { bom: true }) as string[][];
    expect(rows).toHaveLength(4);
    expect(rows.slice(1).map((r) => r[12])).toEqual(['Amy Rep', 'Amy Rep', 'Amy Rep']);
    expect(rows.map((r) => r[2])).toContain("'+cmd|calc");
    expect(rows.map((r) => r[4])).toContain('13800138001');
  });

  it('a manager gets the team’s leads as XLSX, phone and email masked where lead.contact does not reach', async () => {
    await send(app, deps, slash('U0MENG', '/closeloop', 'export leads xlsx', slack.responseUrl('export-m')));
    const { ticket, upload } = await uploaded();
    expect(ticket.args.filename).toBe('leads-all_2026-11-02.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(upload.args.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('leads')!;
    expect(sheet.actualRowCount).toBe(6);
    const names: string[] = [];
    const phones: string[] = [];
    sheet.eachRow((row, i) => {
      if (i === 1) return;
      names.push(String(row.getCell(3).value));
      phones.push(String(row.getCell(5).value));
    });
    expect(names).not.toContain('Cai Only');
    expect(phones).toContain('138****8004');
    expect(phones.every((p) => p.includes('****'))).toBe(true);
  });

  it('a rep asking for the audit log is refused privately and nothing is uploaded', async () => {
    await send(app, deps, slash('U0BO', '/closeloop', 'export audit', slack.responseUrl('export-a')));
    const reply = await until(() => slack.callsTo('response_url')[0], 'the refusal');
    expect(JSON.stringify(reply.args)).toContain(
      'You may not export \\"audit\\": your role does not read those records.',
    );
    expect(slack.callsTo('files.getUploadURLExternal')).toEqual([]);
  });
});
