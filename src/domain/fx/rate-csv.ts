// Owns reading an exchange-rate file (CSV: date,base,quote,rate in any order): each good line a rate, each bad one
// a problem naming its line and column.
import type { DomainError } from '../errors.ts';
import { invalid } from '../errors.ts';
import { splitCsv } from '../roster/roster-csv.ts';
import { type RateInput, rateProblems } from './rate.ts';

export const rateColumns = ['date', 'base', 'quote', 'rate'] as const;

// Chinese headers as a finance export writes them.
const headerAliases: ReadonlyMap<string, (typeof rateColumns)[number]> = new Map([
  ['date', 'date'],
  ['日期', 'date'],
  ['base', 'base'],
  ['from', 'base'],
  ['基准币种', 'base'],
  ['quote', 'quote'],
  ['to', 'quote'],
  ['报价币种', 'quote'],
  ['rate', 'rate'],
  ['汇率', 'rate'],
]);

export interface RateLine {
  line: number;
  input: RateInput;
}

export interface ReadRates {
  lines: RateLine[];
  problems: { line: number; error: DomainError }[];
}

export function readRateCsv(text: string): ReadRates {
  const { records, unterminatedAt } = splitCsv(text);
  if (unterminatedAt !== undefined)
    return { lines: [], problems: [{ line: unterminatedAt, error: invalid('fx_file_quote', 'csv') }] };
  const [header, ...rows] = records;
  if (!header || rows.length === 0)
    return { lines: [], problems: [{ line: 1, error: invalid('fx_file_empty', 'csv') }] };
  const at = new Map<string, number>();
  header.cells.forEach((cell, i) => {
    const key = headerAliases.get(cell.trim().toLowerCase());
    if (key && !at.has(key)) at.set(key, i);
  });
  const missing = rateColumns.filter((c) => !at.has(c));
  if (missing.length > 0)
    return {
      lines: [],
      problems: [
        { line: header.line, error: invalid('fx_file_header', 'csv', { missing: missing.join(', ') }) },
      ],
    };
  const cell = (cells: string[], name: string) => (cells[at.get(name) ?? -1] ?? '').trim();
  const lines: RateLine[] = [];
  const problems: ReadRates['problems'] = [];
  for (const r of rows) {
    const input: RateInput = {
      on: cell(r.cells, 'date'),
      base: cell(r.cells, 'base').toUpperCase(),
      quote: cell(r.cells, 'quote').toUpperCase(),
      rate: cell(r.cells, 'rate'),
    };
    const bad = rateProblems(input);
    if (bad.length > 0) for (const error of bad) problems.push({ line: r.line, error });
    else lines.push({ line: r.line, input });
  }
  return { lines, problems };
}
