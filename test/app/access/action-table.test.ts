// The permission table through the use cases (issue 12): for each action below, every role of the default policy asks
// the real use case about a record in each position — their own, their team's, another team's, another region's — and
// is allowed or refused exactly as the policy (written out in test/helpers/access-expected.ts) says. A use case that
// decided on its own instead of asking can() shows up as a row that disagrees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../../src/app/apikeys/create-api-key.ts';
import { listApiKeys } from '../../../src/app/apikeys/manage-api-keys.ts';
import { issueInvoice } from '../../../src/app/collections/issue-invoice.ts';
import { recordPromise } from '../../../src/app/collections/record-promise.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import { createCustomer } from '../../../src/app/customers/create-customer.ts';
import { editCustomer } from '../../../src/app/customers/edit-customer.ts';
import { getCustomer } from '../../../src/app/customers/get-customer.ts';
import type { Actor, AppDeps, UserRow } from '../../../src/app/deps.ts';
import { changeLeadStage } from '../../../src/app/leads/change-lead-stage.ts';
import { pauseRep } from '../../../src/app/leads/pause-rep.ts';
import { readLeadRecord } from '../../../src/app/leads/read-lead-record.ts';
import { cancelOrder } from '../../../src/app/orders/cancel-order.ts';
import { getOrderStatus } from '../../../src/app/orders/get-order-status.ts';
import { recordReceipt } from '../../../src/app/reconcile/record-receipt.ts';
import { leads } from '../../../src/db/schema.ts';
import type { Action, ApiScope } from '../../../src/domain/access/actions.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { insertOrder } from '../../collections/fixtures.ts';
import { expected, expectedAllowed, type Where } from '../../helpers/access-expected.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { addCustomer, addUser } from '../leads/fixtures.ts';

const roles = Object.keys(expected);
const wheres: Where[] = ['own', 'same team', 'other team', 'other region'];

let database: TestDatabase;
let deps: AppDeps;
// Per role: the asker and the rep who reports to them; one rep of another east team, one of the west.
const askers = new Map<string, UserRow>();
const reports = new Map<string, UserRow>();
let otherTeam: UserRow;
let otherRegion: UserRow;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock: testClock('2026-11-02T02:00:00Z') });
  const east = await addUser(database, { name: 'East Boss', roles: ['manager'], region: 'east' });
  const east2 = await addUser(database, { name: 'East Two', roles: ['manager'], region: 'east' });
  const west = await addUser(database, { name: 'West Boss', roles: ['manager'], region: 'west' });
  for (const role of roles) {
    const asker = await addUser(database, {
      name: `Asking ${role}`,
      roles: [role],
      region: 'east',
      managerId: east.id,
      locale: 'en',
    });
    askers.set(role, asker);
    reports.set(
      role,
      await addUser(database, {
        name: `Report of ${role}`,
        roles: ['rep'],
        region: 'east',
        managerId: asker.id,
      }),
    );
  }
  otherTeam = await addUser(database, {
    name: 'Other Team',
    roles: ['rep'],
    region: 'east',
    managerId: east2.id,
  });
  otherRegion = await addUser(database, {
    name: 'Far West',
    roles: ['rep'],
    region: 'west',
    managerId: west.id,
  });
}, 60_000);
afterAll(async () => {
  await database?.close();
});

function ownerFor(role: string, where: Where): UserRow {
  if (where === 'own') return askers.get(role) as UserRow;
  if (where === 'same team') return reports.get(role) as UserRow;
  return where === 'other team' ? otherTeam : otherRegion;
}

// What the use case answered: refused (a forbidden error, or an outcome saying so) or allowed (anything else).
async function outcome(work: () => Promise<unknown>): Promise<'allowed' | 'refused'> {
  try {
    const result = (await work()) as { forbidden?: boolean; reason?: string } | null;
    return result?.forbidden === true || result?.reason === 'forbidden' ? 'refused' : 'allowed';
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'forbidden') return 'refused';
    throw error;
  }
}

let seq = 0;
const next = () => ++seq;

async function lead(owner: UserRow, phone: string | null = null): Promise<string> {
  const [row] = await database.db
    .insert(leads)
    .values({ name: `Lead ${next()}`, ownerId: owner.id, status: 'accepted', region: owner.region, phone })
    .returning({ id: leads.id });
  return row?.id ?? '';
}

async function order(owner: UserRow, status = 'approved'): Promise<string> {
  const n = next();
  const customer = await addCustomer(database, `Buyer ${n}`, `buyer ${n}`, owner.id);
  const number = `SO-2026-${String(70_000 + n)}`;
  await insertOrder(database, {
    number,
    ownerId: owner.id,
    customerId: customer.id,
    status,
    parts: [{ dueOn: '2026-12-01', amountMinor: 100_000 }],
  });
  return number;
}

type Probe = (asker: UserRow, owner: UserRow) => Promise<unknown>;
const user = (u: UserRow) => ({ kind: 'user' as const, user: u });
const system: Actor = { kind: 'system', name: 'test' };

// One real use case per action, on a fresh record owned by `owner`.
const scoped: Partial<Record<Action, Probe>> = {
  'lead.read': async (a, o) => readLeadRecord(deps, user(a), await lead(o), 5),
  'lead.work': async (a, o) => changeLeadStage(deps, user(a), await lead(o), 'contacted'),
  // Reading the lead is lead.read; its phone in full is lead.contact (a director reads the team's leads masked).
  'lead.contact': async (a, o) => {
    const id = await lead(o, deps.keyring.encrypt('13800138000'));
    const record = JSON.stringify(await readLeadRecord(deps, user(a), id, 5));
    if (record.includes('13800138000')) return 'full';
    expect(record).toContain('138****8000');
    return { forbidden: true };
  },
  'order.read': async (a, o) => getOrderStatus(deps, user(a), await order(o)),
  'order.cancel': async (a, o) => cancelOrder(deps, user(a), await order(o, 'pending_approval'), null),
  'payment.promise': async (a, o) => recordPromise(deps, user(a), await order(o), '2026-11-20'),
  'customer.read': async (a, o) => {
    const n = next();
    return getCustomer(deps, user(a), (await addCustomer(database, `Read ${n}`, `read ${n}`, o.id)).id);
  },
  'customer.edit': async (a, o) => {
    const n = next();
    const c = await addCustomer(database, `Edit ${n}`, `edit ${n}`, o.id);
    return editCustomer(deps, user(a), c.id, { fields: { billingAddress: `Road ${n}` } });
  },
  'customer.credit': async (a, o) => {
    // Made through the use case, so the limit is the only field the edit changes.
    const { customer } = await createCustomer(deps, system, {
      fields: { name: `Credit ${next()}` },
      ownerEmail: o.email,
    });
    return editCustomer(deps, user(a), customer.id, { fields: { creditLimit: '5000' } });
  },
  // Pausing a rep is about that rep: their own record, their manager's team, …
  'roster.pause': (a, o) => pauseRep(deps, user(a), o.email, new Date('2026-11-09T00:00:00Z')),
};

// Actions over the whole org (no one record): allowed to a role with any grant for them (audit: an org-wide grant).
const orgWide: Partial<Record<Action, (asker: UserRow) => Promise<unknown>>> = {
  'audit.read': async (a) => runTextCommand(deps, user(a), `audit ${await order(otherRegion)}`),
  'apikey.manage': (a) => listApiKeys(deps, user(a)),
  'payment.record': async (a) =>
    recordReceipt(deps, user(a), { order: await order(otherRegion), amount: '1', source: 'manual' }),
  'invoice.issue': async (a) =>
    issueInvoice(deps, user(a), {
      order: await order(otherRegion),
      installment: 1,
      invoiceNo: `INV-${next()}`,
    }),
};

// Not in this table yet: each needs its own set-up (a pool, an approval chain, a bank line, a task…). Listed so the
// gap is visible; their refusals are covered by the flow tests named in README's Security section.
const notYet = (Object.keys(expected.admin ?? {}) as Action[]).filter(
  (a) => !Object.hasOwn(scoped, a) && !Object.hasOwn(orgWide, a),
);

describe('every role × position through the use cases', () => {
  for (const action of notYet) it.todo(`${action} through its use case`);

  for (const [action, probe] of Object.entries(scoped) as [Action, Probe][]) {
    it(`${action}: allowed and refused as the policy says`, async () => {
      const got: string[] = [];
      const want: string[] = [];
      for (const role of roles) {
        for (const where of wheres) {
          const asker = askers.get(role) as UserRow;
          const result = await outcome(() => probe(asker, ownerFor(role, where)));
          got.push(`${role} ${where}: ${result}`);
          want.push(`${role} ${where}: ${expectedAllowed(role, action, where) ? 'allowed' : 'refused'}`);
        }
      }
      expect(got).toEqual(want);
    });
  }

  for (const [action, probe] of Object.entries(orgWide) as [Action, (a: UserRow) => Promise<unknown>][]) {
    it(`${action}: allowed only to the roles the policy grants it`, async () => {
      const got: string[] = [];
      const want: string[] = [];
      for (const role of roles) {
        got.push(`${role}: ${await outcome(() => probe(askers.get(role) as UserRow))}`);
        const grant = expected[role]?.[action];
        const ok = action === 'audit.read' ? grant === 'org' : grant !== undefined;
        want.push(`${role}: ${ok ? 'allowed' : 'refused'}`);
      }
      expect(got).toEqual(want);
    });
  }

  it('an API key is held to its scopes by the same decision', async () => {
    const key = (scope: ApiScope): Actor => ({ kind: 'api', keyName: 'erp', scopes: [scope] });
    const number = await order(otherRegion);
    expect(
      await outcome(() =>
        recordReceipt(deps, key('orders:read'), { order: number, amount: '1', source: 'erp' }),
      ),
    ).toBe('refused');
    expect(await outcome(() => issueApiKey(deps, key('audit:read'), { name: 'x', scopes: [] }))).toBe(
      'refused',
    );
  });
});
