import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../../src/app/deps.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import { importLeads } from '../../../src/app/leads/import-leads.ts';
import { PolicyError, parsePolicy } from '../../../src/config/load-policy.ts';
import { leads } from '../../../src/db/schema.ts';
import { isImportProblem, tableFromCsv } from '../../../src/domain/leads/lead-import.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { addTeam } from './fixtures.ts';

const website = { kind: 'api', keyName: 'website' } as const;
let database: TestDatabase;
let deps: AppDeps;
let usDeps: AppDeps;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  usDeps = { ...deps, policy: { ...deps.policy, org: { ...deps.policy.org, phoneRegion: 'US' } } };
  await addTeam(database);
});

afterAll(async () => {
  await database?.close();
});

const phoneOf = async (id: string) =>
  (await database.db.select({ p: leads.phoneBidx }).from(leads).where(eq(leads.id, id)))[0]?.p;

const policyWithOrg = (org: string) => `org: ${org}
channels: { finance: {slack: C2} }
routing: { rules: [{ name: first, assign: { strategy: round-robin } }] }
approvals: { levels: [{ name: manager, approvers: requester.manager }] }
dunning: [{ at: 0d, notify: [rep] }]
`;

describe('org.phoneRegion', () => {
  it('reads numbers without a country code as Chinese by default', async () => {
    expect(deps.policy.org.phoneRegion).toBe('CN');
    expect(parsePolicy(policyWithOrg('{}'), 'closeloop.yaml').org.phoneRegion).toBe('CN');
    const lead = await createLead(deps, website, { name: 'Li Lei', phone: '138 0013 8000' });
    expect(await phoneOf(lead.id)).toBe(deps.keyring.blindIndex('phone', '+8613800138000'));
  });

  it('reads them as numbers of the configured region, typed singly or imported', async () => {
    const lead = await createLead(usDeps, website, { name: 'Ann Lee', phone: '(415) 555-2671' });
    expect(await phoneOf(lead.id)).toBe(deps.keyring.blindIndex('phone', '+14155552671'));

    const table = tableFromCsv('name,phone\nBob Stone,(212) 555-0142\n');
    if (isImportProblem(table)) throw new Error(table.code);
    const report = await importLeads(usDeps, website, table);
    expect(report.problems).toEqual([]);
    expect(await phoneOf(report.createdLeads[0]!.id)).toBe(deps.keyring.blindIndex('phone', '+12125550142'));
  });

  it('refuses a region that is not a country code, naming the path and the fix', () => {
    expect(() => parsePolicy(policyWithOrg('{ phoneRegion: China }'), 'closeloop.yaml')).toThrow(PolicyError);
    try {
      parsePolicy(policyWithOrg('{ phoneRegion: China }'), 'closeloop.yaml');
    } catch (e) {
      expect((e as PolicyError).problems).toEqual([
        expect.stringContaining('at org.phoneRegion: use an ISO 3166 two-letter country code'),
      ]);
    }
  });
});
