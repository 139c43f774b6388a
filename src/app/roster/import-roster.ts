// Use case: bring the roster in line with a CSV file — all rows or none, upsert by email, then link managers.
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { parseAmount } from '../../domain/money.ts';
import {
  findManagerCycles,
  parseRosterCsv,
  type RosterProblem,
  type RosterRow,
} from '../../domain/roster/roster-csv.ts';
import { localMidnight } from '../../domain/roster/working-hours.ts';
import { addDays } from '../../domain/time.ts';
import { rosterProblemText } from '../../messages/catalogue/roster.ts';
import type { Actor, AppDeps, UserRow } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { recordManagerChange } from './record-manager-change.ts';

// Carries every problem so a CLI or an API can list them all, not just the first.
export class RosterImportError extends DomainError {
  constructor(readonly problems: RosterProblem[]) {
    const first = problems[0];
    super(
      'invalid',
      'roster_invalid',
      { count: problems.length, first: first ? rosterProblemText(first, 'en') : '' },
      first ? `line ${first.line}: ${first.field}` : undefined,
    );
  }
}

export interface RosterImportResult {
  created: number;
  updated: number;
  unchanged: number;
}

type Profile = Pick<
  UserRow,
  | 'targetMonthlyMinor'
  | 'name'
  | 'roles'
  | 'region'
  | 'slackUserId'
  | 'larkOpenId'
  | 'timezone'
  | 'industries'
  | 'skills'
  | 'capacity'
  | 'weight'
  | 'locale'
  | 'active'
  | 'dailyCapacity'
  | 'workingHours'
  | 'outOfOfficeUntil'
>;

const profileKeys = [
  'name',
  'roles',
  'region',
  'slackUserId',
  'larkOpenId',
  'timezone',
  'industries',
  'skills',
  'capacity',
  'weight',
  'locale',
  'active',
  'dailyCapacity',
  'workingHours',
  'outOfOfficeUntil',
  'targetMonthlyMinor',
] as const satisfies readonly (keyof Profile)[];

// What the row asks for; a column missing from the file keeps the roster's value (or the default for a newcomer).
function desiredProfile(
  row: RosterRow,
  existing: UserRow | undefined,
  orgTimezone: string,
  orgCurrency: string,
): Profile {
  const pick = <T>(fromFile: T | undefined, current: T | undefined, fallback: T): T =>
    fromFile !== undefined ? fromFile : current !== undefined ? current : fallback;
  return {
    name: row.name,
    roles: pick(row.roles, existing?.roles, ['rep']),
    region: pick(row.region, existing?.region, null),
    slackUserId: pick(row.slackUserId, existing?.slackUserId, null),
    larkOpenId: pick(row.larkOpenId, existing?.larkOpenId, null),
    timezone: pick(row.timezone, existing?.timezone, null),
    industries: pick(row.industries, existing?.industries, []),
    skills: pick(row.skills, existing?.skills, []),
    capacity: pick(row.capacity, existing?.capacity, null),
    weight: pick(row.weight, existing?.weight, 1),
    locale: pick(row.locale, existing?.locale, null),
    active: true,
    dailyCapacity: pick(row.dailyCapacity, existing?.dailyCapacity, null),
    // The parser checked the shape; the org currency decides the minor units.
    targetMonthlyMinor:
      row.targetMonthly === undefined
        ? (existing?.targetMonthlyMinor ?? null)
        : row.targetMonthly === null
          ? null
          : parseAmount(row.targetMonthly.replace(/,/g, ''), orgCurrency),
    workingHours: pick(row.workingHours, existing?.workingHours, null),
    // Back at the start of the day after the last day away, in the person's own time zone.
    outOfOfficeUntil:
      row.outOfOfficeThrough === undefined
        ? (existing?.outOfOfficeUntil ?? null)
        : row.outOfOfficeThrough === null
          ? null
          : localMidnight(
              addDays(row.outOfOfficeThrough, 1),
              pick(row.timezone, existing?.timezone, null) ?? orgTimezone,
            ),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export async function importRoster(deps: AppDeps, actor: Actor, csv: string): Promise<RosterImportResult> {
  const parsed = parseRosterCsv(csv);
  if (parsed.problems.length > 0) throw new RosterImportError(parsed.problems);
  const rows = parsed.rows;

  return inTransaction(deps, actor, async (uow) => {
    // NO KEY UPDATE: serialises imports without blocking leads and orders that reference users.
    const roster = await uow.tx.select().from(users).for('no key update');
    const byEmail = new Map(roster.map((u) => [u.email, u]));
    const problems = checkAgainstRoster(rows, roster, byEmail);
    if (problems.length > 0) throw new RosterImportError(problems);

    const result: RosterImportResult = { created: 0, updated: 0, unchanged: 0 };
    const changes = new Map<
      string,
      { before: Record<string, unknown> | null; after: Record<string, unknown> }
    >();
    const idOf = new Map(roster.map((u) => [u.email, u.id]));

    for (const row of rows) {
      const existing = byEmail.get(row.email);
      const profile = desiredProfile(row, existing, deps.policy.org.timezone, deps.policy.org.currency);
      if (!existing) {
        const [created] = await uow.tx
          .insert(users)
          .values({ email: row.email, ...profile })
          .returning({ id: users.id });
        if (!created) throw new Error('user insert returned no row');
        idOf.set(row.email, created.id);
        changes.set(row.email, { before: null, after: { email: row.email, ...profile } });
        continue;
      }
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const key of profileKeys) {
        if (!same(existing[key], profile[key])) {
          before[key] = existing[key];
          after[key] = profile[key];
        }
      }
      if (Object.keys(after).length > 0) {
        await uow.tx.update(users).set(after).where(eq(users.id, existing.id));
        changes.set(row.email, { before, after });
      }
    }

    // Second pass: every manager now has an id, including ones created above.
    for (const row of rows) {
      if (row.managerEmail === undefined) continue;
      const id = idOf.get(row.email);
      if (!id) throw new Error(`no id for ${row.email}`);
      const existing = byEmail.get(row.email);
      const wanted = row.managerEmail === null ? null : (idOf.get(row.managerEmail) ?? null);
      if ((existing?.managerId ?? null) === wanted) continue;
      await uow.tx.update(users).set({ managerId: wanted }).where(eq(users.id, id));
      // Reports attribute facts to the manager a person had at the time: close the open period, open the new one.
      if (existing) await recordManagerChange(uow.tx, id, existing.managerId ?? null, wanted, uow.now);
      const change = changes.get(row.email) ?? { before: {}, after: {} };
      if (change.before) change.before.managerEmail = emailOf(roster, existing?.managerId ?? null);
      change.after.managerEmail = row.managerEmail;
      changes.set(row.email, change);
    }

    for (const row of rows) {
      const change = changes.get(row.email);
      const id = idOf.get(row.email) ?? '';
      if (!change) {
        result.unchanged += 1;
      } else if (change.before === null) {
        result.created += 1;
        await uow.audit({ action: 'user.create', entityType: 'user', entityId: id, after: change.after });
      } else {
        result.updated += 1;
        await uow.audit({
          action: 'user.update',
          entityType: 'user',
          entityId: id,
          before: change.before,
          after: change.after,
        });
      }
    }
    return result;
  });
}

function emailOf(roster: UserRow[], id: string | null): string | null {
  return id === null ? null : (roster.find((u) => u.id === id)?.email ?? null);
}

// Problems only the roster can reveal: unknown managers, chat ids held by someone else, manager cycles.
function checkAgainstRoster(
  rows: RosterRow[],
  roster: UserRow[],
  byEmail: Map<string, UserRow>,
): RosterProblem[] {
  const problems: RosterProblem[] = [];
  const inFile = new Set(rows.map((r) => r.email));
  for (const row of rows) {
    if (row.managerEmail && !inFile.has(row.managerEmail) && !byEmail.has(row.managerEmail)) {
      problems.push({
        line: row.line,
        field: 'manager_email',
        code: 'manager_unknown',
        vars: { value: row.managerEmail },
      });
    }
    for (const [field, key] of [
      ['slack_user_id', 'slackUserId'],
      ['lark_open_id', 'larkOpenId'],
    ] as const) {
      const value = row[key];
      if (!value) continue;
      const holder = roster.find((u) => u[key] === value && u.email !== row.email);
      if (holder) {
        problems.push({ line: row.line, field, code: 'id_taken', vars: { value, other: holder.email } });
      }
    }
  }
  if (problems.length > 0) return problems;

  const managerOf = new Map<string, string | null>(
    roster.map((u) => [u.email, emailOf(roster, u.managerId)]),
  );
  for (const row of rows) {
    if (row.managerEmail !== undefined) managerOf.set(row.email, row.managerEmail);
    else if (!managerOf.has(row.email)) managerOf.set(row.email, null);
  }
  const lineOf = new Map(rows.map((r) => [r.email, r.line]));
  for (const email of findManagerCycles(managerOf, inFile)) {
    problems.push({
      line: lineOf.get(email) ?? 0,
      field: 'manager_email',
      code: 'manager_cycle',
      vars: { value: email },
    });
  }
  return problems;
}
