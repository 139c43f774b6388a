import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../../src/app/deps.ts';
import { acceptLead } from '../../../src/app/leads/accept-lead.ts';
import { createLead, type NewLead } from '../../../src/app/leads/create-lead.ts';
import { leadActivities, leads } from '../../../src/db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { addTeam, cards, type Team } from './fixtures.ts';

const website = { kind: 'api', keyName: 'website' } as const;
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

describe('dedupe on realistic data', () => {
  it('one company written three ways and one phone in four formats collapse into one lead with one owner', async () => {
    const arrivals: NewLead[] = [
      { name: '王伟', company: '上海星辰精密制造有限公司', phone: '138 0013 8000', source: 'web', ...east },
      {
        name: '王 伟',
        company: '星辰精密制造（上海）有限公司',
        phone: '+86 138-0013-8000',
        source: 'expo',
        ...east,
      },
      {
        name: '王伟',
        company: '上海市星辰精密制造股份有限公司',
        phone: '１３８００１３８０００',
        source: 'wechat',
        ...east,
      },
      // No phone this time, a new e-mail: only the company and the contact name say it is the same person.
      { name: '王伟', company: '星辰精密制造', email: 'wangwei@xingchen.cn', source: 'referral', ...east },
      { name: 'Wang Wei', company: 'Other Co', phone: '0086 13800138000', source: 'phone', ...east },
    ];
    const results = [];
    for (const a of arrivals) results.push(await createLead(deps, website, a));
    const [first, ...rest] = results;
    if (!first || first.duplicate) throw new Error('the first arrival creates the lead');
    expect(rest.map((r) => [r.duplicate, r.id])).toEqual(rest.map(() => [true, first.id]));
    expect(rest.map((r) => (r.duplicate ? r.matchedOn : null))).toEqual([
      'phone',
      'phone',
      'company',
      'phone',
    ]);
    expect(await database.db.select({ id: leads.id }).from(leads)).toHaveLength(1);
    const touches = await database.db
      .select({ kind: leadActivities.kind, data: leadActivities.data })
      .from(leadActivities)
      .where(eq(leadActivities.kind, 'duplicate'));
    expect(touches.map((t) => (t.data as { source: string }).source)).toEqual([
      'expo',
      'wechat',
      'referral',
      'phone',
    ]);
    // Offered once, to one rep: a duplicate never makes a second offer.
    const offers = (await cards(database)).filter((c) => c.refKey.includes(':offer:'));
    expect(offers).toHaveLength(1);
  });

  it('the owner is told in chat when a duplicate arrives, naming how it matched', async () => {
    const first = await createLead(deps, website, {
      name: 'Emily Carter',
      company: 'Northwind Traders Ltd.',
      email: 'emily@northwind.com',
      ...east,
    });
    if (first.duplicate) throw new Error('expected a new lead');
    await acceptLead(deps, { kind: 'user', user: team.amy }, first.id);
    await createLead(deps, website, {
      name: 'emily carter',
      company: 'NORTHWIND TRADERS CO., LTD',
      email: 'e.carter@gmail.com',
      source: 'expo',
    });
    const toAmy = await cards(database, { destination: `user:${team.amy.id}` });
    const notice = toAmy.find((c) => c.refKey.includes(':duplicate:'));
    expect(notice?.card.body).toBe(
      'The same person came in again from **expo**, matched on company and contact name. No new lead was created.',
    );
    const [row] = await database.db.select().from(leads).where(eq(leads.id, first.id));
    expect(row?.ownerId).toBe(team.amy.id);
  });

  it('two different companies with similar names stay two leads', async () => {
    const pairs: [NewLead, NewLead][] = [
      [
        { name: '王伟', company: '上海星辰精密制造有限公司', email: 'ww@xc-zz.cn' },
        { name: '王伟', company: '上海星辰精密仪器有限公司', email: 'ww@xc-yq.cn' },
      ],
      [
        { name: 'Emily Carter', company: 'Northwind Traders Ltd.', email: 'emily@nwt.com' },
        { name: 'Emily Carter', company: 'Northwind Trading Ltd.', email: 'emily@nwtrading.com' },
      ],
      [
        { name: '李娜', company: '杭州青禾生物科技股份有限公司', phone: '0571-8888 1234' },
        { name: '李娜', company: '杭州青松生物科技有限公司', phone: '0571-8888 5678' },
      ],
    ];
    for (const [a, b] of pairs) {
      const x = await createLead(deps, website, a);
      const y = await createLead(deps, website, b);
      expect([x.duplicate, y.duplicate, x.id === y.id]).toEqual([false, false, false]);
    }
    expect(await database.db.select({ id: leads.id }).from(leads)).toHaveLength(6);
  });

  it('ten simultaneous arrivals of one person at one company (no shared e-mail or phone) make one lead', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        createLead(deps, website, {
          name: '赵敏',
          company: i % 2 === 0 ? '深圳云帆科技有限公司' : '云帆科技（深圳）有限公司',
          email: `zhaomin${i}@yunfan.cn`,
        }),
      ),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
  });
});
