// The permission table through the use cases (issue 12), leads and the roster: for each action, every role of the
// default policy asks the real use case about a record in each position — their own, their team's, another team's,
// another region's — and is allowed or refused exactly as the policy (test/helpers/access-expected.ts) says. A use
// case that decided on its own instead of asking can() shows up as a row that disagrees. The other slices' rows are
// in the *-table.test.ts files beside this one; the last test here checks that together they cover every action.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { issueApiKey } from '../../../src/app/apikeys/create-api-key.ts';
import type { Actor } from '../../../src/app/deps.ts';
import { importLeadFile } from '../../../src/app/files/import-lead-file.ts';
import { changeLeadStage } from '../../../src/app/leads/change-lead-stage.ts';
import { claimLead } from '../../../src/app/leads/claim-lead.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import { mergeLeads } from '../../../src/app/leads/merge-leads.ts';
import { pauseRep } from '../../../src/app/leads/pause-rep.ts';
import { readLeadRecord } from '../../../src/app/leads/read-lead-record.ts';
import { recordReceipt } from '../../../src/app/reconcile/record-receipt.ts';
import { setRepRouting } from '../../../src/app/roster/set-rep-routing.ts';
import { demoSellerIds } from '../../../src/app/seed/demo-sellers.ts';
import type { ApiScope } from '../../../src/domain/access/actions.ts';
import { expected } from '../../helpers/access-expected.ts';
import { orgRows, outcome, scopedRows, user, useTable } from './table.ts';

const table = useTable();

describe('leads and the roster: every role × position through the use cases', () => {
  scopedRows(table, {
    'lead.read': async (a, o) => readLeadRecord(table.deps, user(a), await table.lead(o), 5),
    'lead.work': async (a, o) => changeLeadStage(table.deps, user(a), await table.lead(o), 'contacted'),
    // Reading the lead is lead.read; its phone in full is lead.contact (a director reads the team's leads masked).
    'lead.contact': async (a, o) => {
      const id = await table.lead(o, { phone: table.deps.keyring.encrypt('13800138000') });
      const record = JSON.stringify(await readLeadRecord(table.deps, user(a), id, 5));
      if (record.includes('13800138000')) return 'full';
      expect(record).toContain('138****8000');
      return { forbidden: true };
    },
    'lead.merge': async (a, o) => {
      const company = `Twin ${table.next()} Ltd`;
      return mergeLeads(
        table.deps,
        user(a),
        await table.lead(o, { company }),
        await table.lead(o, { company }),
      );
    },
    // Pausing a rep is about that rep: their own record, their manager's team, …
    'roster.pause': (a, o) => pauseRep(table.deps, user(a), o.email, new Date('2026-11-09T00:00:00Z')),
    'roster.manage': (a, o) => setRepRouting(table.deps, user(a), o.email, { weight: 2 }),
  });

  orgRows(table, {
    // A duty: the demo seed hands customers, leads and targets to the people the policy names sellers, and no other.
    'lead.sell': async (a) =>
      (await table.database.db.transaction((tx) => demoSellerIds(table.deps, tx))).has(a.id)
        ? {}
        : { forbidden: true },
    'lead.create': (a) => {
      const n = table.next();
      return createLead(table.deps, user(a), { name: `Walk-in ${n}`, email: `walk.in.${n}@example.com` });
    },
    'lead.import': (a) =>
      importLeadFile(table.deps, user(a), {
        fileName: 'leads.csv',
        bytes: new TextEncoder().encode(`name,email\nImported,imported.${table.next()}@example.com\n`),
      }),
    // A lead waiting in an east channel pool (no routing rule narrows it): any east grantee may claim it.
    'lead.claim': async (a) =>
      claimLead(
        table.deps,
        user(a),
        await table.lead(a, {
          ownerId: null,
          status: 'offered',
          claimChannel: 'C-EAST-POOL',
          region: 'east',
        }),
      ),
  });

  it('an API key is held to its scopes by the same decision', async () => {
    const key = (scope: ApiScope): Actor => ({ kind: 'api', keyName: 'erp', scopes: [scope] });
    const { number } = await table.order(table.ownerFor('rep', 'other region'));
    expect(
      await outcome(() =>
        recordReceipt(table.deps, key('orders:read'), { order: number, amount: '1', source: 'erp' }),
      ),
    ).toBe('refused');
    expect(await outcome(() => issueApiKey(table.deps, key('audit:read'), { name: 'x', scopes: [] }))).toBe(
      'refused',
    );
  });

  // Each table file names its actions as the keys of its probes ('lead.read': …): together they hold every action.
  it('the table files together probe every action of the policy', () => {
    const dir = new URL('.', import.meta.url);
    const text = readdirSync(dir)
      .filter((f) => f.endsWith('table.test.ts'))
      .map((f) => readFileSync(new URL(f, dir), 'utf8'))
      .join('\n');
    const missing = Object.keys(expected.admin ?? {}).filter((action) => !text.includes(`'${action}': `));
    expect(missing).toEqual([]);
  });
});
