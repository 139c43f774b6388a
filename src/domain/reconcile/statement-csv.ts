// Owns reading a bank statement CSV into typed lines, reporting every bad line with its line number, field and reason.
import { decimalsOf, parseAmount } from '../money.ts';
import { own } from '../own.ts';
import { sameBooking } from './statement-repeats.ts';

export type StatementColumn =
  | 'date'
  | 'amount'
  | 'currency'
  | 'payer'
  | 'payer_account'
  | 'memo'
  | 'bank_txn_id';

export interface StatementLine {
  // Line in the file where the record starts (the header is line 1), as a spreadsheet numbers rows.
  line: number;
  bookedOn: string;
  amountMinor: number;
  currency: string;
  payer: string | null;
  payerAccount: string | null;
  memo: string | null;
  // Empty when the bank gives none: the importer then keys the line by a hash of account, date, amount and memo.
  bankTxnId: string;
  // The statement's own account (camt.053, MT940), part of that hash.
  account?: string | null;
}

export type StatementProblemReason =
  | 'empty'
  | 'missing_column'
  | 'duplicate_column'
  | 'unclosed_quote'
  | 'field_count'
  | 'required'
  | 'date'
  | 'amount'
  | 'amount_zero'
  | 'currency'
  | 'duplicate_txn'
  | 'xml'
  | 'doctype'
  | 'depth'
  | 'not_camt'
  | 'not_mt940'
  | 'mt940_line';

export interface StatementProblem {
  // The line in the file; 0 when the format names an element instead (camt.053).
  line: number;
  // A column name, "header" / "csv" for problems of the whole file, an element path or an MT940 tag.
  field: string;
  reason: StatementProblemReason;
  value?: string;
  // Extra detail for the message: the expected field count, the first line of a reused id, the currency's decimals.
  detail?: string;
}

export interface ParsedStatement {
  lines: StatementLine[];
  problems: StatementProblem[];
}

// bank_txn_id may be missing: such lines are keyed by a hash of account, date, amount and memo instead.
const required: readonly StatementColumn[] = ['date', 'amount', 'currency'];

const aliases: Record<string, StatementColumn> = {
  date: 'date',
  booked_on: 'date',
  日期: 'date',
  交易日期: 'date',
  记账日期: 'date',
  amount: 'amount',
  金额: 'amount',
  交易金额: 'amount',
  currency: 'currency',
  币种: 'currency',
  货币: 'currency',
  payer: 'payer',
  付款人: 'payer',
  对方户名: 'payer',
  付款方: 'payer',
  payer_account: 'payer_account',
  account: 'payer_account',
  对方账号: 'payer_account',
  付款账号: 'payer_account',
  memo: 'memo',
  摘要: 'memo',
  附言: 'memo',
  备注: 'memo',
  bank_txn_id: 'bank_txn_id',
  txn_id: 'bank_txn_id',
  流水号: 'bank_txn_id',
  交易流水号: 'bank_txn_id',
};

// Bank exports in China often write the renminbi by name rather than by ISO code.
const currencyAliases: Record<string, string> = {
  RMB: 'CNY',
  人民币: 'CNY',
  美元: 'USD',
  欧元: 'EUR',
  港币: 'HKD',
};

interface RawRecord {
  line: number;
  fields: string[];
  unclosed: boolean;
}

// RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF. Runs of ordinary
// characters are sliced, not appended one by one: a character at a time made every field a chain of one-character
// strings, garbage the collector spent more time on than the parse itself (a 100,000-line file is ~6M characters).
function records(text: string): RawRecord[] {
  const out: RawRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = 0;
  const n = text.length;
  const endRecord = () => {
    fields.push(field);
    out.push({ line: start, fields, unclosed: false });
    fields = [];
    field = '';
  };
  while (i < n) {
    if (quoted) {
      const close = text.indexOf('"', i);
      const end = close === -1 ? n : close;
      const run = text.slice(i, end);
      line += newlines(run);
      field += run;
      if (close === -1) break;
      if (text.charCodeAt(close + 1) === quote) {
        field += '"';
        i = close + 2;
      } else {
        quoted = false;
        i = close + 1;
      }
      continue;
    }
    let j = i;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === comma || c === lf || c === cr || c === quote) break;
      j++;
    }
    if (j > i) {
      field += text.slice(i, j);
      i = j;
      if (i === n) break;
    }
    const c = text.charCodeAt(i);
    if (c === quote) {
      if (field.trim() === '') {
        quoted = true;
        field = '';
      } else field += '"';
    } else if (c === comma) {
      fields.push(field);
      field = '';
    } else if (c === cr) {
      // A CR before LF is the LF's (handled on the next step); a lone CR is text.
      if (text.charCodeAt(i + 1) !== lf) field += '\r';
    } else {
      endRecord();
      line++;
      start = line;
    }
    i++;
  }
  if (quoted) {
    fields.push(field);
    out.push({ line: start, fields, unclosed: true });
  } else if (field !== '' || fields.length > 0) {
    endRecord();
  }
  return out.filter((r) => r.unclosed || r.fields.some((f) => f.trim() !== ''));
}

const quote = 0x22;
const comma = 0x2c;
const lf = 0x0a;
const cr = 0x0d;

function newlines(text: string): number {
  let count = 0;
  for (let k = text.indexOf('\n'); k !== -1; k = text.indexOf('\n', k + 1)) count++;
  return count;
}

function headerName(raw: string): string {
  return raw
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

function validDate(text: string): string | null {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]?.padStart(2, '0')}-${m[3]?.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

// `columns` maps a column to the header a bank uses for it ({ date: 'Value date', memo: 'Purpose' }), on top of
// the built-in English and Chinese names.
export function parseStatementCsv(
  text: string,
  columns: Partial<Record<StatementColumn, string>> = {},
): ParsedStatement {
  const mapped = new Map<string, StatementColumn>(
    Object.entries(columns).map(([column, name]) => [headerName(name), column as StatementColumn]),
  );
  const all = records(text.replace(/^\uFEFF/, ''));
  const problems: StatementProblem[] = [];
  const lines: StatementLine[] = [];
  const header = all[0];
  if (!header || header.unclosed) {
    return { lines, problems: [{ line: 1, field: 'csv', reason: header ? 'unclosed_quote' : 'empty' }] };
  }
  const index = new Map<StatementColumn, number>();
  header.fields.forEach((raw, i) => {
    const column = mapped.get(headerName(raw)) ?? aliases[headerName(raw)];
    if (!column) return;
    if (index.has(column))
      problems.push({ line: 1, field: 'header', reason: 'duplicate_column', value: column });
    else index.set(column, i);
  });
  for (const column of required) {
    if (!index.has(column))
      problems.push({ line: 1, field: 'header', reason: 'missing_column', value: column });
  }
  if (problems.length > 0) return { lines, problems };
  if (all.length === 1) return { lines, problems: [{ line: 2, field: 'csv', reason: 'empty' }] };

  const firstOfTxn = new Map<string, StatementLine>();
  // A statement books its lines on a handful of days: each date text is checked once.
  const dates = new Map<string, string | null>();
  const dateOf = (text: string) => {
    let date = dates.get(text);
    if (date === undefined) {
      date = validDate(text);
      dates.set(text, date);
    }
    return date;
  };
  for (const record of all.slice(1)) {
    const at = record.line;
    if (record.unclosed) {
      problems.push({ line: at, field: 'csv', reason: 'unclosed_quote' });
      continue;
    }
    if (record.fields.length !== header.fields.length) {
      problems.push({
        line: at,
        field: 'csv',
        reason: 'field_count',
        value: String(record.fields.length),
        detail: String(header.fields.length),
      });
      continue;
    }
    const get = (column: StatementColumn) => {
      const i = index.get(column);
      return i === undefined ? '' : (record.fields[i] ?? '').trim();
    };
    const before = problems.length;
    for (const column of required) {
      if (get(column) === '') problems.push({ line: at, field: column, reason: 'required' });
    }

    const rawCurrency = get('currency').normalize('NFKC').toUpperCase();
    const currency = own(currencyAliases, rawCurrency) ?? rawCurrency;
    if (rawCurrency !== '' && !/^[A-Z]{3}$/.test(currency)) {
      problems.push({ line: at, field: 'currency', reason: 'currency', value: get('currency') });
    }
    const bookedOn = dateOf(get('date').normalize('NFKC'));
    if (get('date') !== '' && !bookedOn)
      problems.push({ line: at, field: 'date', reason: 'date', value: get('date') });

    const amountText = get('amount').normalize('NFKC');
    const amountMinor = parseAmount(amountText, /^[A-Z]{3}$/.test(currency) ? currency : 'XXX');
    if (amountText !== '' && amountMinor === null) {
      problems.push({
        line: at,
        field: 'amount',
        reason: 'amount',
        value: get('amount'),
        detail: String(decimalsOf(currency)),
      });
    } else if (amountMinor === 0) {
      problems.push({ line: at, field: 'amount', reason: 'amount_zero', value: get('amount') });
    }

    if (problems.length > before || bookedOn === null || amountMinor === null) continue;
    const line: StatementLine = {
      line: at,
      bookedOn,
      amountMinor,
      currency,
      payer: get('payer') || null,
      payerAccount: get('payer_account') || null,
      memo: get('memo') || null,
      bankTxnId: get('bank_txn_id'),
    };
    // Exports repeat lines: the same booking again is kept for the importer to skip; the id on another booking is not.
    const first = line.bankTxnId === '' ? undefined : firstOfTxn.get(line.bankTxnId);
    if (first && !sameBooking(first, line)) {
      problems.push({
        line: at,
        field: 'bank_txn_id',
        reason: 'duplicate_txn',
        value: line.bankTxnId,
        detail: String(first.line),
      });
      continue;
    }
    if (line.bankTxnId !== '' && !first) firstOfTxn.set(line.bankTxnId, line);
    lines.push(line);
  }
  return { lines, problems };
}
