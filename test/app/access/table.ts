// The permission table's harness (issue 12): one asker per role of the default policy, each with a rep reporting to
// them, plus a rep of another east team and one of the west; a probe asks a real use case about a record in each
// position and the answers are compared with test/helpers/access-expected.ts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor, AppDeps, UserRow } from '../../../src/app/deps.ts';
import { leads } from '../../../src/db/schema.ts';
import type { Action } from '../../../src/domain/access/actions.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { insertOrder } from '../../collections/fixtures.ts';
import { expected, expectedAllowed, type Where } from '../../helpers/access-expected.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { addCustomer, addUser } from '../leads/fixtures.ts';

export const roles = Object.keys(expected);
const wheres: Where[] = ['own', 'same team', 'other team', 'other region'];

export type Probe = (asker: UserRow, owner: UserRow, where: Where) => Promise<unknown>;
export type OrgProbe = (asker: UserRow) => Promise<unknown>;

export const user = (u: UserRow) => ({ kind: 'user' as const, user: u });
export const system: Actor = { kind: 'system', name: 'test' };

// What the use case answered: refused (a forbidden error, or an outcome saying so) or allowed (anything else; a
// conflict such as "already decided" comes after the permission question and counts as allowed). Any other error
// is the probe's own mistake (a bad input, a missing record) and fails the test rather than passing as a row.
export async function outcome(work: () => Promise<unknown>): Promise<'allowed' | 'refused'> {
  try {
    const result = (await work()) as { forbidden?: boolean; reason?: string } | null;
    return result?.forbidden === true || result?.reason === 'forbidden' ? 'refused' : 'allowed';
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'forbidden') return 'refused';
    if (error instanceof DomainError && error.kind === 'conflict') return 'allowed';
    throw error;
  }
}

export interface Table {
  readonly deps: AppDeps;
  readonly database: TestDatabase;
  askerOf(role: string): UserRow;
  ownerFor(role: string, where: Where): UserRow;
  next(): number;
  lead(owner: UserRow, values?: Partial<typeof leads.$inferInsert>): Promise<string>;
  order(owner: UserRow, status?: string): Promise<{ number: string; id: string; customerId: string }>;
}

// Opens a database with the table's people for the calling test file; `deps` change the clock or the policy.
export function useTable(options: { at?: string; deps?: (deps: AppDeps) => AppDeps } = {}): Table {
  let database: TestDatabase | undefined;
  let deps: AppDeps | undefined;
  const askers = new Map<string, UserRow>();
  const reports = new Map<string, UserRow>();
  let otherTeam: UserRow | undefined;
  let otherRegion: UserRow | undefined;
  let seq = 0;

  beforeAll(async () => {
    const db = await createTestDatabase();
    database = db;
    const made = testDeps(db, { clock: testClock(options.at ?? '2026-11-02T02:00:00Z') });
    deps = options.deps ? options.deps(made) : made;
    const boss = (name: string, region: string) => addUser(db, { name, roles: ['manager'], region });
    const east = await boss('East Boss', 'east');
    const east2 = await boss('East Two', 'east');
    const west = await boss('West Boss', 'west');
    for (const role of roles) {
      const asker = await addUser(db, {
        name: `Asking ${role}`,
        roles: [role],
        region: 'east',
        managerId: east.id,
        locale: 'en',
      });
      askers.set(role, asker);
      const report = { name: `Report of ${role}`, roles: ['rep'], region: 'east', managerId: asker.id };
      reports.set(role, await addUser(db, report));
    }
    otherTeam = await addUser(db, {
      name: 'Other Team',
      roles: ['rep'],
      region: 'east',
      managerId: east2.id,
    });
    otherRegion = await addUser(db, { name: 'Far West', roles: ['rep'], region: 'west', managerId: west.id });
  }, 60_000);
  afterAll(async () => {
    await database?.close();
  });

  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the table is not set up yet');
    return value;
  };
  const table: Table = {
    get deps() {
      return need(deps);
    },
    get database() {
      return need(database);
    },
    askerOf: (role) => need(askers.get(role)),
    ownerFor(role, where) {
      if (where === 'own') return need(askers.get(role));
      if (where === 'same team') return need(reports.get(role));
      return need(where === 'other team' ? otherTeam : otherRegion);
    },
    next: () => ++seq,
    async lead(owner, values = {}) {
      const [row] = await need(database)
        .db.insert(leads)
        .values({
          name: `Lead ${++seq}`,
          ownerId: owner.id,
          status: 'accepted',
          region: owner.region,
          ...values,
        })
        .returning({ id: leads.id });
      return row?.id ?? '';
    },
    async order(owner, status = 'approved') {
      const n = ++seq;
      const customer = await addCustomer(need(database), `Buyer ${n}`, `buyer ${n}`, owner.id);
      const number = `SO-2026-${String(70_000 + n)}`;
      const { orderId } = await insertOrder(need(database), {
        number,
        ownerId: owner.id,
        customerId: customer.id,
        status,
        parts: [{ dueOn: '2026-12-01', amountMinor: 100_000 }],
      });
      return { number, id: orderId, customerId: customer.id };
    },
  };
  return table;
}

// One test per action: every role asks about a record in each position; the answers must be the policy's.
// `rule` replaces the table's answer for an action whose use case adds a documented rule of its own.
export function scopedRows(
  table: Table,
  probes: Partial<Record<Action, Probe>>,
  rule: Partial<Record<Action, (role: string, where: Where) => boolean>> = {},
): void {
  for (const [action, probe] of Object.entries(probes) as [Action, Probe][]) {
    it(`${action}: allowed and refused as the policy says`, async () => {
      const got: string[] = [];
      const want: string[] = [];
      for (const role of roles) {
        for (const where of wheres) {
          const result = await outcome(() => probe(table.askerOf(role), table.ownerFor(role, where), where));
          got.push(`${role} ${where}: ${result}`);
          const ok = rule[action]?.(role, where) ?? expectedAllowed(role, action, where);
          want.push(`${role} ${where}: ${ok ? 'allowed' : 'refused'}`);
        }
      }
      expect(got).toEqual(want);
    });
  }
}

// Actions over the whole org (no one record): allowed to the roles with any grant for them, or only an org-wide one.
export function orgRows(
  table: Table,
  probes: Partial<Record<Action, OrgProbe>>,
  needsOrg: readonly Action[] = [],
): void {
  for (const [action, probe] of Object.entries(probes) as [Action, OrgProbe][]) {
    it(`${action}: allowed only to the roles the policy grants it`, async () => {
      const got: string[] = [];
      const want: string[] = [];
      for (const role of roles) {
        got.push(`${role}: ${await outcome(() => probe(table.askerOf(role)))}`);
        const grant = expected[role]?.[action];
        const ok = needsOrg.includes(action) ? grant === 'org' : grant !== undefined;
        want.push(`${role}: ${ok ? 'allowed' : 'refused'}`);
      }
      expect(got).toEqual(want);
    });
  }
}
