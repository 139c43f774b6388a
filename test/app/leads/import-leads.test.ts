import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../../src/app/deps.ts';
import { importLeads, type LeadImportReport } from '../../../src/app/leads/import-leads.ts';
import { readLeadFile } from '../../../src/app/leads/read-lead-file.ts';
import { isImportProblem } from '../../../src/domain/leads/lead-import.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { addTeam, addUser, cards, type Team } from './fixtures.ts';

let database: TestDatabase;
let deps: AppDeps;
let team: Team;
const cli = { kind: 'system', name: 'cli' } as const;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  team = await addTeam(database);
});

afterAll(async () => {
  await database?.close();
});

// Distinct, unalike company and person names (a seeded generator), so only the planted duplicates are duplicates.
const syllables =
  'ba be bi bo bu da de di do du fa fe fi fo fu ga ge gi go gu ha he hi ho hu ja je ji jo ju ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu wa we wi wo wu za ze zi zo zu'.split(
    ' ',
  );
function names(seed: number) {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return syllables[(state >>> 8) % syllables.length];
  };
  return (parts: number) => Array.from({ length: parts }, next).join('');
}

interface Planted {
  csv: string;
  bad: { line: number; field: string; code: string }[];
  good: number;
}

// 10,000 rows; rows 0, 1, 2 of every hundred are bad, each kind in turn: a bad e-mail, a bad phone, no name.
function tradeShowCsv(rows: number): Planted {
  const lines = ['姓名,公司,邮箱,电话,地区,行业,来源,活动,备注'];
  const bad: Planted['bad'] = [];
  for (let i = 0; i < rows; i++) {
    const line = i + 2;
    const word = names(i + 1);
    const name = `${word(2)} ${word(3)}`;
    const company = `${word(4)} ${word(2)} Co., Ltd.`;
    let email = `p${i}@expo.test`;
    let phone = `139${String(i).padStart(8, '0')}`;
    let person = name;
    const kind = i % 100;
    if (kind === 0) {
      email = `p${i}@@expo`;
      bad.push({ line, field: 'email', code: 'lead_email_invalid' });
    } else if (kind === 1) {
      email = '';
      phone = '12-34';
      bad.push({ line, field: 'phone', code: 'lead_phone_invalid' });
    } else if (kind === 2) {
      person = '';
      bad.push({ line, field: 'name', code: 'lead_name_required' });
    }
    const region = i % 2 === 0 ? 'east' : 'west';
    const industry = i % 4 === 0 ? 'manufacturing' : 'retail';
    lines.push(`${person},"${company}",${email},${phone},${region},${industry},,,booth ${i}`);
  }
  return { csv: `${lines.join('\n')}\n`, bad, good: rows - bad.length };
}

async function csvTable(csv: string) {
  const table = await readLeadFile('list.csv', new TextEncoder().encode(csv), deps.policy.imports);
  if (isImportProblem(table)) throw new Error(table.code);
  return table;
}

async function scalar(query: string): Promise<number> {
  const { rows } = await database.pool.query<{ n: string }>(query);
  return Number(rows[0]?.n);
}

describe('importLeads: a 10,000-row trade-show list with 3% bad rows', () => {
  const planted = tradeShowCsv(10_000);
  let first: LeadImportReport;

  it('takes in every good row, routes each one, and reports each bad row with its line and reason', async () => {
    const started = performance.now();
    first = await importLeads(deps, cli, await csvTable(planted.csv), {
      source: 'trade-show',
      campaign: 'Canton Fair 2026',
    });
    console.log(`10,000-row import: ${Math.round(performance.now() - started)} ms`);
    expect(first.rows).toBe(10_000);
    expect(first.created).toBe(planted.good);
    expect(first.duplicates).toEqual([]);
    expect(first.problems.map((p) => ({ line: p.line, field: p.field, code: p.code }))).toEqual(planted.bad);
    expect(first.problems).toHaveLength(300);
    expect(await countRows(database, 'leads')).toBe(planted.good);
    expect(
      await scalar(
        `select count(*) n from leads where source = 'trade-show' and campaign = 'Canton Fair 2026' and routing_strategy is not null`,
      ),
    ).toBe(planted.good);
    // East manufacturing goes round-robin to Amy, Bo and Cai in turn; the rest is posted to a claim channel.
    const offered = await database.pool.query<{ offered_to_id: string; n: string }>(
      `select offered_to_id, count(*) n from leads where offered_to_id is not null group by 1`,
    );
    const shares = offered.rows.map((r) => Number(r.n)).sort((a, b) => a - b);
    expect(offered.rows.map((r) => r.offered_to_id).sort()).toEqual(
      [team.amy.id, team.bo.id, team.cai.id].sort(),
    );
    expect(shares.at(-1)! - shares[0]!).toBeLessThanOrEqual(1);
    expect(first.routed.offered).toBe(shares.reduce((a, b) => a + b, 0));
    expect(first.routed.offered + first.routed.posted + first.routed.unrouted).toBe(planted.good);
    expect(await countRows(database, 'outbox')).toBe(first.routed.offered + first.routed.posted);
    expect(await scalar(`select count(*) n from audit_log where action = 'lead.create'`)).toBe(planted.good);
    expect(await scalar(`select count(*) n from lead_activities where kind = 'created'`)).toBe(planted.good);
  }, 300_000);

  it('a re-import adds nothing: every good row is a duplicate touch on its lead, each rep told once', async () => {
    const leadsBefore = await countRows(database, 'leads');
    const outboxBefore = await countRows(database, 'outbox');
    const again = await importLeads(deps, cli, await csvTable(planted.csv), { source: 'trade-show' });
    expect(again.created).toBe(0);
    expect(again.duplicates).toHaveLength(planted.good);
    expect(again.duplicates.every((d) => d.matchedOn === 'email')).toBe(true);
    expect(again.problems).toHaveLength(300);
    expect(await countRows(database, 'leads')).toBe(leadsBefore);
    expect(await scalar(`select count(*) n from lead_activities where kind = 'duplicate'`)).toBe(
      planted.good,
    );
    // Amy, Bo and Cai each get one summary card for their offered leads; the claim-channel leads have nobody to tell.
    expect(again.ownersNotified).toBe(3);
    expect(await countRows(database, 'outbox')).toBe(outboxBefore + 3);
    const held = await database.pool.query<{ offered_to_id: string; n: string }>(
      `select offered_to_id, count(*) n from leads where offered_to_id is not null group by 1`,
    );
    const summaries = (await cards(database)).filter((c) => c.refKey.includes(':duplicates:'));
    expect(summaries.map((c) => c.destination).sort()).toEqual(
      held.rows.map((r) => `user:${r.offered_to_id}`).sort(),
    );
    for (const { offered_to_id, n } of held.rows) {
      const summary = summaries.find((c) => c.destination === `user:${offered_to_id}`);
      expect(summary?.card.title).toBe(`${n} of your leads came in again in an imported list`);
      const lines = summary?.card.body?.split('\n').filter((l) => l.startsWith('- ')) ?? [];
      expect(lines).toHaveLength(10);
      expect(lines[0]).toMatch(/^- \*\*L-\d+\*\* \S+ \S+ · .+ — from trade-show, same email \(line \d+\)$/);
      expect(summary?.card.body).toContain(`…and ${Number(n) - 10} more`);
    }
  }, 300_000);
});

describe('importLeads: duplicates inside one file and against open leads', () => {
  it('a row repeating an earlier row (phone in another format) becomes a touch on the lead that row made', async () => {
    const report = await importLeads(
      deps,
      cli,
      await csvTable(
        [
          'name,company,email,phone',
          'Zhou Xun,Qingniao Robotics Ltd.,zhou@qingniao.cn,+86 158 0000 1111',
          'Zhou Xun,,,158-0000-1111',
          'Zhou Xun,青鸟机器人（深圳）有限公司,zx@qn.cn,',
          'Zhou Xun,深圳青鸟机器人,zx2@qn.cn,',
          'p0 again,,p3@expo.test,',
        ].join('\n'),
      ),
    );
    expect(report.created).toBe(2);
    expect(report.duplicates).toEqual([
      // sameBy: how the repeat is the same person; status: the open lead's, as routed.
      {
        line: 3,
        number: expect.any(String),
        matchedOn: 'file',
        ofLine: 2,
        sameBy: 'phone',
        status: 'offered',
        id: expect.any(String),
      },
      {
        line: 5,
        number: expect.any(String),
        matchedOn: 'file',
        ofLine: 4,
        sameBy: 'company',
        status: 'offered',
        id: expect.any(String),
      },
      {
        line: 6,
        number: expect.any(String),
        matchedOn: 'email',
        sameBy: 'email',
        status: 'offered',
        id: expect.any(String),
      },
    ]);
    const [firstDup, secondDup] = report.duplicates;
    expect(firstDup?.number).not.toBe(secondDup?.number);
    const touch = await database.pool.query<{ data: { matchedOn: string; line: number } }>(
      `select a.data from lead_activities a join leads l on l.id = a.lead_id
       where a.kind = 'duplicate' and l.email_bidx = $1`,
      [deps.keyring.blindIndex('email', 'zhou@qingniao.cn')],
    );
    expect(touch.rows.map((r) => r.data)).toEqual([expect.objectContaining({ matchedOn: 'file', line: 3 })]);
  });
});

describe('importLeads from XLSX', () => {
  it('reads the first sheet: Chinese headers, numbers typed as numbers, a bad row reported by its row number', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('展会名单');
    sheet.addRow(['姓名', '公司', '邮箱', '电话', '地区']);
    sheet.addRow(['陈静', '杭州云帆科技有限公司', 'chen.jing@yunfan.cn', 13712345678, 'east']);
    sheet.addRow([
      '刘洋',
      '宁波海纳贸易',
      { text: 'liu@hainan.cn', hyperlink: 'mailto:liu@hainan.cn' },
      '',
      'west',
    ]);
    sheet.addRow(['赵磊', '', '', '123', '']);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const table = await readLeadFile('expo.xlsx', bytes, deps.policy.imports);
    if (isImportProblem(table)) throw new Error(table.code);
    const leadsBefore = await countRows(database, 'leads');
    const report = await importLeads(deps, cli, table, { source: 'trade-show' });
    expect(report.created).toBe(2);
    expect(report.problems).toEqual([
      { line: 4, field: 'phone', code: 'lead_phone_invalid', vars: { value: '123' } },
    ]);
    expect(await countRows(database, 'leads')).toBe(leadsBefore + 2);
    const { rows } = await database.pool.query<{ phone_bidx: string | null; email_bidx: string | null }>(
      `select phone_bidx, email_bidx from leads where name in ('陈静', '刘洋') order by name`,
    );
    const ring = deps.keyring;
    expect(rows).toEqual([
      { phone_bidx: null, email_bidx: ring.blindIndex('email', 'liu@hainan.cn') },
      {
        phone_bidx: ring.blindIndex('phone', '+8613712345678'),
        email_bidx: ring.blindIndex('email', 'chen.jing@yunfan.cn'),
      },
    ]);
  });

  it('a CSV that is not UTF-8 (GBK, as Excel saves it on a Chinese Windows) is refused naming the line', async () => {
    const gbk = Buffer.concat([
      Buffer.from('name,email\n'),
      Buffer.from([0xcd, 0xf5, 0xd0, 0xa1]),
      Buffer.from(',w@x.cn\n'),
    ]);
    expect(await readLeadFile('expo.csv', gbk, deps.policy.imports)).toMatchObject({
      line: 2,
      field: '(file)',
      code: 'import_not_utf8',
    });
  });

  it('a file that is not a workbook is refused by name', async () => {
    const table = await readLeadFile(
      'expo.xlsx',
      new TextEncoder().encode('name,email\n'),
      deps.policy.imports,
    );
    expect(table).toMatchObject({ field: '(file)', code: 'import_unreadable_xlsx' });
  });
});

describe('importLeads: one duplicate summary per owner per import', () => {
  it("lists the rows that repeat each owner's open leads on one card in the owner's language; new leads and repeats within the file are not on it", async () => {
    const db = await createTestDatabase();
    try {
      const d = testDeps(db);
      const t = await addTeam(db);
      const zhou = await addUser(db, { name: '周杰', roles: ['rep'], region: 'west', locale: 'zh-CN' });
      // Wang holds one lead he accepted; Amy was offered one; one more sits in a claim channel, held by nobody.
      await db.pool.query(
        `insert into leads (name, company, email_norm, phone_norm, company_key, status, owner_id, offered_to_id, claim_channel, source)
         values ('李雷', '上海星辰精密制造有限公司', 'li@xingchen.cn', null, '星辰精密制造', 'accepted', $1, null, null, 'web'),
                ('Amy Chen', 'ACME Co. Ltd.', 'amy@acme.com', '+8613900000001', 'acme', 'offered', null, $2, null, 'web'),
                ('Bob', 'Pool Inc.', 'bob@pool.test', null, 'pool', 'offered', null, null, 'leads-east', 'web')`,
        [t.west.id, t.amy.id],
      );
      const outboxBefore = await countRows(db, 'outbox');
      const report = await importLeads(
        d,
        cli,
        await csvTable(
          [
            'name,company,email,phone,source,campaign',
            '李雷,星辰精密制造（上海）,lilei@other.cn,,expo,Canton Fair',
            'Amy C.,,,+86 139 0000 0001,,',
            'Amy Chen,,AMY@acme.com,,,',
            'Bob,,bob@pool.test,,,',
            'New Person,New Co,new@new.test,,,',
            'New Person,,new@new.test,,,',
          ].join('\n'),
        ),
        { source: 'purchased-list' },
      );
      expect(report.created).toBe(1);
      expect(report.duplicates.map((x) => [x.line, x.matchedOn])).toEqual([
        [2, 'company'],
        [3, 'phone'],
        [4, 'email'],
        [5, 'email'],
        [7, 'file'],
      ]);
      expect(report.ownersNotified).toBe(2);
      const summaries = (await cards(db))
        .slice(outboxBefore)
        .filter((c) => c.refKey.includes(':duplicates:'));
      expect(summaries.map((c) => c.destination).sort()).toEqual(
        [`user:${t.amy.id}`, `user:${t.west.id}`].sort(),
      );
      const amy = summaries.find((c) => c.destination === `user:${t.amy.id}`)?.card;
      expect(amy?.title).toBe('2 of your leads came in again in an imported list');
      expect(amy?.body?.split('\n').filter((l) => l.startsWith('- '))).toEqual([
        expect.stringMatching(
          /^- \*\*L-\d+\*\* Amy Chen · ACME Co\. Ltd\. — from purchased-list, same phone \(line 3\)$/,
        ),
        expect.stringMatching(
          /^- \*\*L-\d+\*\* Amy Chen · ACME Co\. Ltd\. — from purchased-list, same email \(line 4\)$/,
        ),
      ]);
      const wang = summaries.find((c) => c.destination === `user:${t.west.id}`)?.card;
      expect(wang?.title).toBe('导入的名单中有 1 条是您已有的线索');
      expect(wang?.body).toMatch(
        /- \*\*L-\d+\*\* 李雷 · 上海星辰精密制造有限公司 —— 来源 expo \/ Canton Fair，相似公司的同一联系人（第 2 行）/,
      );
      expect(summaries.some((c) => c.destination === `user:${zhou.id}`)).toBe(false);
      // Nobody was given a lead twice: the owners are unchanged.
      const owners = await db.pool.query(
        `select name, owner_id, offered_to_id from leads where name <> 'New Person' order by name`,
      );
      expect(owners.rows).toEqual([
        { name: 'Amy Chen', owner_id: null, offered_to_id: t.amy.id },
        { name: 'Bob', owner_id: null, offered_to_id: null },
        { name: '李雷', owner_id: t.west.id, offered_to_id: null },
      ]);

      // The next import is a new summary, not an edit of the last one.
      const next = await importLeads(d, cli, await csvTable('name,email\nAmy Chen,amy@acme.com\n'));
      expect(next.ownersNotified).toBe(1);
      const all = (await cards(db)).filter(
        (c) => c.destination === `user:${t.amy.id}` && c.refKey.includes(':duplicates:'),
      );
      expect(all).toHaveLength(2);
      expect(all[1]?.card.title).toBe('1 of your leads came in again in an imported list');
    } finally {
      await db.close();
    }
  });
});
