// Owns reading an imported lead list (CSV text, or sheet rows) into checked rows: each bad row with line, field, reason.

import { type LabelBook, nameOfLabel } from '../labels.ts';
import { own } from '../own.ts';
import { splitCsv } from '../roster/roster-csv.ts';
import { type RoutingFactsRow, readRoutingFacts } from './conditions.ts';
import { companyCore, contactKey } from './dedupe.ts';
import {
  type LeadTextField,
  type NormalisedContact,
  normaliseContact,
  overlongLeadText,
  type PhoneRegion,
  type Utm,
  utmOf,
} from './normalise.ts';

export const leadImportFields = [
  'name',
  'company',
  'email',
  'phone',
  'region',
  'industry',
  'source',
  'campaign',
  'utm_medium',
  'utm_term',
  'utm_content',
  'note',
  // Routing facts (see conditions.ts): place names in any spelling, employees, expected deal, its currency, language.
  'province',
  'city',
  'company_size',
  'deal_size',
  'deal_currency',
  'language',
] as const;
export type LeadImportField = (typeof leadImportFields)[number];

// A lead field as an import's column names it: utmMedium is the utm_medium column.
const importFieldOf = (field: LeadTextField) =>
  field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) as LeadImportField;

// Header words people put on trade-show and purchased lists, English and Chinese, folded as `headerKey` folds them.
const headerAliases: Record<string, LeadImportField> = {
  name: 'name',
  contact: 'name',
  contact_name: 'name',
  full_name: 'name',
  姓名: 'name',
  联系人: 'name',
  客户姓名: 'name',
  company: 'company',
  company_name: 'company',
  organization: 'company',
  公司: 'company',
  公司名称: 'company',
  单位: 'company',
  email: 'email',
  e_mail: 'email',
  email_address: 'email',
  邮箱: 'email',
  电子邮件: 'email',
  电子邮箱: 'email',
  phone: 'phone',
  mobile: 'phone',
  tel: 'phone',
  telephone: 'phone',
  phone_number: 'phone',
  电话: 'phone',
  手机: 'phone',
  手机号: 'phone',
  联系电话: 'phone',
  region: 'region',
  地区: 'region',
  区域: 'region',
  industry: 'industry',
  行业: 'industry',
  source: 'source',
  来源: 'source',
  campaign: 'campaign',
  活动: 'campaign',
  utm_campaign: 'campaign',
  utm_medium: 'utm_medium',
  utm_term: 'utm_term',
  utm_content: 'utm_content',
  note: 'note',
  notes: 'note',
  remark: 'note',
  备注: 'note',
  province: 'province',
  state: 'province',
  省份: 'province',
  省: 'province',
  所在省份: 'province',
  city: 'city',
  城市: 'city',
  所在城市: 'city',
  company_size: 'company_size',
  employees: 'company_size',
  headcount: 'company_size',
  公司规模: 'company_size',
  规模: 'company_size',
  员工人数: 'company_size',
  人数: 'company_size',
  deal_size: 'deal_size',
  budget: 'deal_size',
  expected_deal: 'deal_size',
  deal_value: 'deal_size',
  预算: 'deal_size',
  预计金额: 'deal_size',
  金额: 'deal_size',
  currency: 'deal_currency',
  deal_currency: 'deal_currency',
  币种: 'deal_currency',
  language: 'language',
  语言: 'language',
};

export function headerKey(cell: string): string {
  return cell
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_');
}

// A sheet as rows of cells, each row with the line (CSV) or row number (XLSX) a person sees in their editor.
export interface ImportTable {
  header: { line: number; cells: string[] };
  rows: { line: number; cells: string[] }[];
}

export type LeadImportProblemCode =
  | 'import_empty_file'
  | 'import_unterminated_quote'
  | 'import_missing_column'
  | 'import_unknown_mapping'
  | 'import_unreadable_xlsx'
  | 'import_xlsx_too_large'
  | 'import_not_utf8'
  | 'lead_text_too_long'
  | 'import_xlsx_too_many_rows'
  | 'import_formula_without_value'
  | 'lead_name_required'
  | 'lead_contact_required'
  | 'lead_email_invalid'
  | 'lead_phone_invalid'
  | 'lead_company_size_invalid'
  | 'lead_deal_size_invalid'
  | 'lead_deal_currency_invalid';

export interface LeadImportProblem {
  line: number;
  // A lead field, or "(file)" for a problem of the file as a whole.
  field: LeadImportField | '(file)';
  code: LeadImportProblemCode;
  vars: Record<string, string>;
}

export interface LeadImportRow {
  line: number;
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  region: string | null;
  industry: string | null;
  source: string | null;
  campaign: string | null;
  utm: Utm | null;
  note: string | null;
  emailNorm: string | null;
  phoneNorm: string | null;
  // customers.normalized_name form, to find an existing customer.
  customerKey: string | null;
  // leads.company_key form (no legal suffix, no place), for the alike-company dedupe.
  companyCore: string | null;
  contactKey: string;
  // Province/city keys, employees, deal in minor units and its currency, language code, as the lead stores them.
  facts: RoutingFactsRow;
}

export interface ReadLeadRowsOptions {
  defaultRegion: PhoneRegion;
  // The person's own column names: "Mobile No." → phone. Checked before the built-in aliases.
  mapping?: Readonly<Record<string, string>>;
  // Given to rows whose source / campaign cell is empty (the CLI's --source, --campaign).
  source?: string | null;
  campaign?: string | null;
  // The currency of a deal size cell that names none; the org's.
  currency?: string;
  // closeloop.yaml labels: a region or industry cell holding a label ("华东") is read as its name ("east").
  labels?: LabelBook;
}

export interface ReadLeadRows {
  rows: LeadImportRow[];
  problems: LeadImportProblem[];
  // Header cells that map to no lead field; their cells are not imported.
  ignoredColumns: string[];
}

export function tableFromCsv(text: string): ImportTable | LeadImportProblem {
  const { records, unterminatedAt } = splitCsv(text);
  if (unterminatedAt !== undefined)
    return { line: unterminatedAt, field: '(file)', code: 'import_unterminated_quote', vars: {} };
  const [header, ...rows] = records;
  if (!header) return { line: 1, field: '(file)', code: 'import_empty_file', vars: {} };
  return { header, rows };
}

export function isImportProblem(value: ImportTable | LeadImportProblem): value is LeadImportProblem {
  return 'code' in value;
}

const clean = (v: string | undefined) => (v?.trim() ? v.trim() : null);
const code = (v: string | null) => v?.normalize('NFKC').toLowerCase() ?? null;

export function readLeadRows(table: ImportTable, options: ReadLeadRowsOptions): ReadLeadRows {
  const mapping = new Map(
    Object.entries(options.mapping ?? {}).map(([from, to]) => [headerKey(from), headerKey(to)]),
  );
  const fileProblems: LeadImportProblem[] = [];
  for (const [from, to] of mapping) {
    if (!(leadImportFields as readonly string[]).includes(to))
      fileProblems.push({
        line: table.header.line,
        field: '(file)',
        code: 'import_unknown_mapping',
        vars: { column: from, field: to, known: leadImportFields.join(', ') },
      });
  }
  const index = new Map<LeadImportField, number>();
  const ignoredColumns: string[] = [];
  table.header.cells.forEach((raw, i) => {
    const key = headerKey(raw);
    if (key === '') return;
    const mapped = mapping.get(key);
    const field =
      mapped && (leadImportFields as readonly string[]).includes(mapped)
        ? (mapped as LeadImportField)
        : own(headerAliases, key);
    // The first column of a field wins; a second "phone" column is someone's spare, not a conflict worth refusing.
    if (!field || index.has(field)) ignoredColumns.push(raw.trim());
    else index.set(field, i);
  });
  if (!index.has('name'))
    fileProblems.push({
      line: table.header.line,
      field: '(file)',
      code: 'import_missing_column',
      vars: { column: 'name / 姓名' },
    });
  if (!index.has('email') && !index.has('phone'))
    fileProblems.push({
      line: table.header.line,
      field: '(file)',
      code: 'import_missing_column',
      vars: { column: 'email / 邮箱 or phone / 电话' },
    });
  if (fileProblems.length > 0) return { rows: [], problems: fileProblems, ignoredColumns };

  const rows: LeadImportRow[] = [];
  const problems: LeadImportProblem[] = [];
  for (const record of table.rows) {
    const raw = leadImportCells((f) => {
      const i = index.get(f);
      return i === undefined ? undefined : record.cells[i];
    });
    const overlong = overlongLeadText({
      ...raw,
      utmMedium: raw.utm_medium,
      utmTerm: raw.utm_term,
      utmContent: raw.utm_content,
      companySize: raw.company_size,
      dealSize: raw.deal_size,
      dealCurrency: raw.deal_currency,
    });
    if (overlong) {
      const field = importFieldOf(overlong.field);
      const vars = { field, length: String(overlong.length), max: String(overlong.max) };
      problems.push({ line: record.line, field, code: 'lead_text_too_long', vars });
      continue;
    }
    const contact = normaliseContact(
      { name: raw.name ?? '', company: raw.company, email: raw.email, phone: raw.phone },
      options.defaultRegion,
    );
    const facts = readRoutingFacts(
      {
        province: raw.province,
        city: raw.city,
        companySize: raw.company_size,
        dealSize: raw.deal_size,
        dealCurrency: raw.deal_currency,
        language: raw.language,
      },
      options.currency ?? 'CNY',
    );
    if (!facts.ok) {
      const field =
        facts.field === 'companySize'
          ? 'company_size'
          : facts.field === 'dealSize'
            ? 'deal_size'
            : 'deal_currency';
      problems.push({ line: record.line, field, code: facts.code, vars: { value: facts.value } });
      continue;
    }
    if (!contact.ok) {
      problems.push({
        line: record.line,
        field: contact.field,
        code: contact.code as LeadImportProblemCode,
        vars: { value: raw[contact.field] ?? '' },
      });
      continue;
    }
    rows.push(leadImportRow(record.line, raw, contact, facts.row, options));
  }
  return { rows, problems, ignoredColumns };
}

// A lead's cells as read (trimmed, empty as null), by field.
export type LeadImportCells = Record<LeadImportField, string | null>;

// The row of a lead whose contact and routing facts are already read: how readLeadRows makes each row, and how single
// intakes taken together become rows without reading them again.
export function leadImportRow(
  line: number,
  raw: LeadImportCells,
  contact: Extract<NormalisedContact, { ok: true }>,
  facts: RoutingFactsRow,
  options: Pick<ReadLeadRowsOptions, 'source' | 'campaign' | 'labels'>,
): LeadImportRow {
  const named = (kind: 'regions' | 'industries' | 'sources', v: string | null) => {
    const typed = code(v);
    return typed === null || !options.labels ? typed : nameOfLabel(options.labels, kind, typed);
  };
  const source = named('sources', raw.source) ?? code(clean(options.source ?? undefined));
  const campaign = raw.campaign ?? clean(options.campaign ?? undefined);
  return {
    line,
    name: contact.name,
    company: contact.company,
    email: raw.email,
    phone: raw.phone,
    region: named('regions', raw.region),
    industry: named('industries', raw.industry),
    source,
    campaign,
    utm: utmOf({
      source,
      medium: raw.utm_medium,
      campaign,
      term: raw.utm_term,
      content: raw.utm_content,
    }),
    note: raw.note,
    emailNorm: contact.emailNorm,
    phoneNorm: contact.phoneNorm,
    customerKey: contact.companyKey,
    companyCore: contact.company ? companyCore(contact.company) || null : null,
    contactKey: contactKey(contact.name),
    facts,
  };
}

// A row's cells by field, as read from a sheet: trimmed, an empty or missing one null.
export function leadImportCells(cell: (field: LeadImportField) => string | undefined): LeadImportCells {
  return Object.fromEntries(leadImportFields.map((f) => [f, clean(cell(f))])) as LeadImportCells;
}
