// GET /api/exports/<kind>: 100,000 leads stream out as CSV and XLSX (counted with csv-parse and exceljs), formula
// cells escaped, the key's scope enforced, bad input refused naming the field.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../src/app/apikeys/create-api-key.ts';
import { exportsApi } from '../../src/http/api/exports.ts';
import { type ApiWorld, openApiWorld } from './api-world.ts';

const rows = 100_000;
let world: ApiWorld;

beforeAll(async () => {
  world = await openApiWorld([exportsApi]);
  const repId = world.people.rep!.id;
  // Through the owner connection in one statement, as the bench does: 100,000 leads of the rep, one of them hostile.
  await world.database.pool.query(
    `insert into leads (name, company, phone, email, source, status, owner_id, created_at)
     select case when g = 7 then '=HYPERLINK("http://evil")' else 'Lead ' || g end, 'Co ' || (g % 97),
       '1380013' || lpad((g % 10000)::text, 4, '0'), 'lead' || g || '@example.com', 'web', 'accepted', $1,
       timestamptz '2026-10-01 00:00+08' + (g % 30) * interval '1 day'
     from generate_series(1, ${rows}) g`,
    [repId],
  );
}, 120_000);
afterAll(async () => world?.close());

describe('GET /api/exports/leads', () => {
  it('streams 100,000 rows as CSV with a header, formula cells escaped', async () => {
    const res = await world.app.inject({
      method: 'GET',
      url: '/api/exports/leads?format=csv',
      headers: world.auth,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="leads-all_2026-11-02\.csv"/);
    const records = parse(res.body, { bom: true, relax_column_count: false }) as string[][];
    expect(records).toHaveLength(rows + 1);
    expect(records[0]?.slice(0, 5)).toEqual(['线索编号', '创建时间', '姓名', '公司', '电话']);
    const hostile = records.find((r) => r[2]?.includes('HYPERLINK'));
    expect(hostile?.[2]).toBe('\'=HYPERLINK("http://evil")');
    // Headers in the org's language (zh-CN here); an API key reads org-wide, contact details included.
    expect(records[1]?.[4]).toMatch(/^1380013\d{4}$/);
    // The lead number as chat, cards and the API write it, so the sheet can be searched for L-000042.
    expect(records[1]?.[0]).toMatch(/^L-\d{6}$/);
  }, 120_000);

  it('streams the same rows as XLSX that exceljs opens', async () => {
    const res = await world.app.inject({
      method: 'GET',
      url: '/api/exports/leads?format=xlsx',
      headers: world.auth,
    });
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('leads');
    expect(sheet?.actualRowCount).toBe(rows + 1);
    expect(sheet?.getRow(1).getCell(3).value).toBe('姓名');
  }, 120_000);

  it('narrows to a period on the creation date (org calendar)', async () => {
    const res = await world.app.inject({
      method: 'GET',
      url: '/api/exports/leads?from=2026-10-01&to=2026-10-01',
      headers: world.auth,
    });
    const records = parse(res.body, { bom: true }) as string[][];
    // g % 30 = 0: 3,333 leads on 1 October.
    expect(records).toHaveLength(3_333 + 1);
  }, 60_000);

  it('refuses a key without leads:read, and a reversed period naming the fix', async () => {
    const key = await issueApiKey(
      world.deps,
      { kind: 'system', name: 'test' },
      { name: 'bank', scopes: ['payments:write'] },
    );
    const denied = await world.app.inject({
      method: 'GET',
      url: '/api/exports/leads',
      headers: { authorization: `Bearer ${key.key}` },
    });
    expect(denied.statusCode).toBe(403);
    const reversed = await world.app.inject({
      method: 'GET',
      url: '/api/exports/orders?from=2026-10-31&to=2026-10-01',
      headers: world.auth,
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().message).toContain('swap them');
    const bad = await world.app.inject({
      method: 'GET',
      url: '/api/exports/audit?format=pdf',
      headers: world.auth,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('format');
  });
});

describe('GET /api/exports/audit', () => {
  it('gives the audit rows of a period, each naming actor, platform, action, before and after', async () => {
    await world.database.pool.query(
      `insert into audit_log (actor_label, platform, action, entity_type, entity_id, before, after, created_at)
       values ('Li Rep', 'slack', 'lead.claim', 'lead', 'L-000001', '{"owner":null}', '{"owner":"Li Rep"}',
               timestamptz '2026-10-05 10:00+08'),
              ('Li Rep', 'api', 'lead.claim', 'lead', 'L-000002', null, null, timestamptz '2026-10-07 10:00+08')`,
    );
    const res = await world.app.inject({
      method: 'GET',
      url: '/api/exports/audit?from=2026-10-05&to=2026-10-05',
      headers: world.auth,
    });
    expect(res.statusCode).toBe(200);
    const records = parse(res.body, { bom: true }) as string[][];
    expect(records).toHaveLength(2);
    expect(records[1]).toEqual(
      expect.arrayContaining([
        '2026-10-05 10:00',
        'Li Rep',
        'slack',
        'lead.claim',
        'L-000001',
        '{"owner": "Li Rep"}',
      ]),
    );
  }, 60_000);
});
