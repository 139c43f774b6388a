// Owns reading a roster CSV into checked rows: every problem with its line, column and reason, nothing half-read.

import { own } from '../own.ts';
import { isTimeZone } from '../time.ts';
import { canonicalWorkingHours } from './working-hours.ts';

export const rosterRoles = ['rep', 'manager', 'finance', 'legal', 'director', 'cfo', 'admin'] as const;
export type RosterRole = (typeof rosterRoles)[number];

export const rosterColumns = [
  'name',
  'email',
  'roles',
  'region',
  'manager_email',
  'slack_user_id',
  'lark_open_id',
  'timezone',
  'industries',
  'skills',
  'capacity',
  'weight',
  'locale',
  // Most leads offered per local day; empty means no limit.
  'daily_capacity',
  // "Mon-Fri 09:00-18:00" or "09:00-18:00 Mon-Fri" in the person's time zone; empty means the org's hours.
  'working_hours',
  // Away through this date (YYYY-MM-DD, the person's time zone); empty means in the office.
  'out_of_office',
  // Monthly sales target in the org currency (500000 or 500,000.00); empty means the closeloop.yaml default.
  'target_monthly',
] as const;
export type RosterColumn = (typeof rosterColumns)[number];

const requiredColumns: RosterColumn[] = ['name', 'email'];

// Other names people give these columns, folded as normaliseHeader folds them.
const columnAliases: Record<string, RosterColumn> = {
  time_zone: 'timezone',
  tz: 'timezone',
  open_lead_cap: 'capacity',
  open_leads_cap: 'capacity',
  max_open_leads: 'capacity',
  daily_cap: 'daily_capacity',
  per_day: 'daily_capacity',
  hours: 'working_hours',
  ooo: 'out_of_office',
  out_of_office_until: 'out_of_office',
  away_until: 'out_of_office',
  monthly_target: 'target_monthly',
  target: 'target_monthly',
};

// A property left undefined means "the file has no such column": keep what the roster has.
// null means "the column is there and the cell is empty": clear it.
export interface RosterRow {
  line: number;
  name: string;
  email: string;
  roles?: RosterRole[];
  region?: string | null;
  managerEmail?: string | null;
  slackUserId?: string | null;
  larkOpenId?: string | null;
  timezone?: string | null;
  industries?: string[];
  skills?: string[];
  capacity?: number | null;
  weight?: number;
  locale?: 'zh-CN' | 'en' | null;
  dailyCapacity?: number | null;
  // Canonical "09:00-18:00 Mon-Fri".
  workingHours?: string | null;
  // The last day away (YYYY-MM-DD); the import turns it into the instant the person is back.
  outOfOfficeThrough?: string | null;
  // As written (digits, optional thousands commas and decimals); the import reads it in the org currency.
  targetMonthly?: string | null;
}

export type RosterProblemCode =
  | 'empty_file'
  | 'unterminated_quote'
  | 'missing_column'
  | 'unknown_column'
  | 'duplicate_column'
  | 'column_count'
  | 'required'
  | 'email'
  | 'role'
  | 'timezone'
  | 'integer'
  | 'working_hours'
  | 'date'
  | 'locale'
  | 'amount'
  | 'slack_id'
  | 'lark_id'
  | 'duplicate_email'
  | 'duplicate_id'
  | 'self_manager'
  | 'manager_unknown'
  | 'manager_cycle'
  | 'id_taken';

export interface RosterProblem {
  line: number;
  // A column name, or "(file)" / "(header)" for problems of the file as a whole.
  field: string;
  code: RosterProblemCode;
  vars: Record<string, string | number>;
}

export interface ParsedRoster {
  columns: RosterColumn[];
  rows: RosterRow[];
  problems: RosterProblem[];
}

interface CsvRecord {
  line: number;
  cells: string[];
}

// RFC 4180: quoted cells may hold commas, quotes ("") and line breaks; each record keeps the line it starts on.
export function splitCsv(text: string): { records: CsvRecord[]; unterminatedAt?: number } {
  const source = text.replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let quoteStart = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && cell.trim() === '') {
      quoted = true;
      quoteStart = line;
      cell = '';
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i++;
      cells.push(cell);
      records.push({ line: start, cells });
      cells = [];
      cell = '';
      line++;
      start = line;
    } else {
      cell += c;
    }
  }
  if (quoted) return { records, unterminatedAt: quoteStart };
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    records.push({ line: start, cells });
  }
  return { records: records.filter((r) => r.cells.some((v) => v.trim() !== '')) };
}

const emailPattern = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;
const slackIdPattern = /^[UW][A-Z0-9]{2,}$/;
const larkIdPattern = /^ou_[0-9A-Za-z_-]+$/;

const list = (cell: string) =>
  cell
    .split(/[;|]/)
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== '');

function normaliseHeader(cell: string): string {
  return cell
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

export function parseRosterCsv(text: string): ParsedRoster {
  const problems: RosterProblem[] = [];
  const { records, unterminatedAt } = splitCsv(text);
  if (unterminatedAt !== undefined) {
    return {
      columns: [],
      rows: [],
      problems: [{ line: unterminatedAt, field: '(file)', code: 'unterminated_quote', vars: {} }],
    };
  }
  const [header, ...body] = records;
  if (!header)
    return { columns: [], rows: [], problems: [{ line: 1, field: '(file)', code: 'empty_file', vars: {} }] };

  const columns: RosterColumn[] = [];
  const index = new Map<RosterColumn, number>();
  header.cells.forEach((raw, i) => {
    const folded = normaliseHeader(raw);
    const name = own(columnAliases, folded) ?? folded;
    if (name === '') return;
    if (!(rosterColumns as readonly string[]).includes(name)) {
      problems.push({
        line: header.line,
        field: raw.trim(),
        code: 'unknown_column',
        vars: { column: raw.trim(), known: rosterColumns.join(', ') },
      });
      return;
    }
    const column = name as RosterColumn;
    if (index.has(column)) {
      problems.push({ line: header.line, field: column, code: 'duplicate_column', vars: { column } });
      return;
    }
    index.set(column, i);
    columns.push(column);
  });
  for (const column of requiredColumns) {
    if (!index.has(column))
      problems.push({ line: header.line, field: column, code: 'missing_column', vars: { column } });
  }
  if (problems.length > 0) return { columns, rows: [], problems };

  const rows: RosterRow[] = [];
  const seenEmail = new Map<string, number>();
  const seenChatId = new Map<string, number>();
  for (const record of body) {
    const before = problems.length;
    const problem = (field: string, code: RosterProblemCode, vars: Record<string, string | number> = {}) =>
      problems.push({ line: record.line, field, code, vars });
    if (record.cells.length > header.cells.length) {
      problem('(row)', 'column_count', { found: record.cells.length, expected: header.cells.length });
      continue;
    }
    const cell = (column: RosterColumn): string | undefined => {
      const i = index.get(column);
      return i === undefined ? undefined : (record.cells[i] ?? '').trim();
    };
    const optional = (column: RosterColumn): string | null | undefined => {
      const v = cell(column);
      return v === undefined ? undefined : v === '' ? null : v;
    };

    const name = cell('name') ?? '';
    if (name === '') problem('name', 'required', { column: 'name' });
    const email = (cell('email') ?? '').toLowerCase();
    if (email === '') problem('email', 'required', { column: 'email' });
    else if (!emailPattern.test(email)) problem('email', 'email', { value: email });
    else if (seenEmail.has(email))
      problem('email', 'duplicate_email', { value: email, other: seenEmail.get(email) ?? 0 });
    else seenEmail.set(email, record.line);

    const row: RosterRow = { line: record.line, name, email };

    const rolesCell = cell('roles');
    if (rolesCell !== undefined) {
      const roles = list(rolesCell);
      const unknown = roles.filter((r) => !(rosterRoles as readonly string[]).includes(r));
      if (unknown.length > 0)
        problem('roles', 'role', { value: unknown.join(', '), known: rosterRoles.join(', ') });
      row.roles = roles.length === 0 ? ['rep'] : [...new Set(roles as RosterRole[])];
    }
    const region = optional('region');
    if (region !== undefined) row.region = region?.toLowerCase() ?? null;

    const managerEmail = optional('manager_email');
    if (managerEmail !== undefined) {
      const m = managerEmail?.toLowerCase() ?? null;
      if (m !== null && !emailPattern.test(m)) problem('manager_email', 'email', { value: m });
      else if (m !== null && m === email) problem('manager_email', 'self_manager', { value: m });
      row.managerEmail = m;
    }

    for (const [column, key, pattern, code] of [
      ['slack_user_id', 'slackUserId', slackIdPattern, 'slack_id'],
      ['lark_open_id', 'larkOpenId', larkIdPattern, 'lark_id'],
    ] as const) {
      const v = optional(column);
      if (v === undefined) continue;
      if (v !== null && !pattern.test(v)) problem(column, code, { value: v });
      else if (v !== null && seenChatId.has(`${column}:${v}`)) {
        problem(column, 'duplicate_id', { value: v, other: seenChatId.get(`${column}:${v}`) ?? 0 });
      } else if (v !== null) seenChatId.set(`${column}:${v}`, record.line);
      row[key] = v;
    }

    const timezone = optional('timezone');
    if (timezone !== undefined) {
      if (timezone !== null && !isTimeZone(timezone)) problem('timezone', 'timezone', { value: timezone });
      row.timezone = timezone;
    }
    const industries = cell('industries');
    if (industries !== undefined) row.industries = list(industries);
    const skills = cell('skills');
    if (skills !== undefined) row.skills = list(skills);

    const capacity = optional('capacity');
    if (capacity !== undefined) {
      if (capacity !== null && !/^\d{1,4}$/.test(capacity))
        problem('capacity', 'integer', { value: capacity, min: 0, max: 9999 });
      row.capacity = capacity === null ? null : Number(capacity);
    }
    const weight = optional('weight');
    if (weight !== undefined) {
      if (weight !== null && (!/^\d{1,3}$/.test(weight) || Number(weight) < 1)) {
        problem('weight', 'integer', { value: weight, min: 1, max: 999 });
      }
      row.weight = weight === null ? 1 : Number(weight);
    }
    const daily = optional('daily_capacity');
    if (daily !== undefined) {
      if (daily !== null && !/^\d{1,4}$/.test(daily))
        problem('daily_capacity', 'integer', { value: daily, min: 0, max: 9999 });
      row.dailyCapacity = daily === null ? null : Number(daily);
    }
    const hours = optional('working_hours');
    if (hours !== undefined) {
      const canonical = hours === null ? null : canonicalWorkingHours(hours);
      if (hours !== null && canonical === null) problem('working_hours', 'working_hours', { value: hours });
      row.workingHours = canonical;
    }
    const away = optional('out_of_office');
    if (away !== undefined) {
      const date = away === null ? null : isoDateOf(away);
      if (away !== null && date === null) problem('out_of_office', 'date', { value: away });
      row.outOfOfficeThrough = date;
    }
    const target = optional('target_monthly');
    if (target !== undefined) {
      if (target !== null && !/^\d{1,3}(,?\d{3})*(\.\d{1,2})?$/.test(target))
        problem('target_monthly', 'amount', { value: target });
      row.targetMonthly = target;
    }
    const locale = optional('locale');
    if (locale !== undefined) {
      const canonical =
        locale === null
          ? null
          : locale.toLowerCase() === 'en'
            ? 'en'
            : /^zh([-_]cn)?$/i.test(locale)
              ? 'zh-CN'
              : undefined;
      if (canonical === undefined) problem('locale', 'locale', { value: locale ?? '' });
      else row.locale = canonical;
    }
    if (problems.length === before) rows.push(row);
  }
  return { columns, rows, problems };
}

// "2026-12-01", "2026/12/1" → "2026-12-01"; null when it is not a calendar date.
function isoDateOf(text: string): string | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text.normalize('NFKC').trim());
  if (!m?.[1] || !m[2] || !m[3]) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === iso ? iso : null;
}

// Follows manager links from each person; a chain that comes back to where it started is a cycle.
export function findManagerCycles(managerOf: Map<string, string | null>, start: Iterable<string>): string[] {
  const cyclic: string[] = [];
  for (const email of start) {
    const seen = new Set<string>([email]);
    let next = managerOf.get(email) ?? null;
    while (next !== null && !seen.has(next)) {
      seen.add(next);
      next = managerOf.get(next) ?? null;
    }
    if (next === email) cyclic.push(email);
  }
  return cyclic;
}
