// Owns reading the header row of an imported master-data sheet: which column is which field, in English or Chinese.
// A header naming an unknown or repeated column, or missing a required one, refuses the whole file with every
// problem, each naming the column and (for a typo) the column it probably meant. Pure.
import { DomainError, invalid } from '../errors.ts';
import { headerKey } from '../leads/lead-import.ts';
import { nearestName } from '../nearest-name.ts';
import type { SheetRow } from './csv-records.ts';

export interface ColumnSpec<F extends string> {
  // Each field's column names: the first is the documented one, the rest are accepted too (Chinese, synonyms).
  columns: readonly { field: F; names: readonly string[] }[];
  // Fields the sheet must have a column for.
  required: readonly F[];
  // A column named "<prefix>:<name>" (e.g. price:dealer) is this field for that name.
  keyed?: { prefixes: readonly string[]; field: F; example: string };
}

// One column of the sheet: the field it fills, the header as the person wrote it, and the name of a keyed column.
export interface SheetColumn<F extends string> {
  index: number;
  field: F;
  header: string;
  key?: string;
}

function aliasMap<F extends string>(spec: ColumnSpec<F>): Map<string, F> {
  const map = new Map<string, F>();
  for (const c of spec.columns) for (const n of c.names) map.set(headerKey(n), c.field);
  return map;
}

// The documented column name of a field, for messages.
export function columnName<F extends string>(spec: ColumnSpec<F>, field: F): string {
  return spec.columns.find((c) => c.field === field)?.names[0] ?? field;
}

export function readSheetColumns<F extends string>(spec: ColumnSpec<F>, header: SheetRow): SheetColumn<F>[] {
  const aliases = aliasMap(spec);
  const problems: DomainError[] = [];
  const columns: SheetColumn<F>[] = [];
  const seen = new Map<string, string>();
  header.cells.forEach((raw, index) => {
    const text = raw.normalize('NFKC').trim();
    if (text === '') return;
    const colon = text.indexOf(':');
    const prefix = colon > 0 ? headerKey(text.slice(0, colon)) : '';
    const keyed =
      spec.keyed && colon > 0 && spec.keyed.prefixes.some((p) => headerKey(p) === prefix)
        ? text.slice(colon + 1).trim()
        : undefined;
    const field = keyed !== undefined ? spec.keyed?.field : aliases.get(headerKey(text));
    if (!field || keyed === '') {
      const guess = nearestName(headerKey(text), aliases.keys());
      const documented = guess ? columnName(spec, aliases.get(guess) as F) : null;
      problems.push(
        invalid(documented ? 'sheet_column_unknown_near' : 'sheet_column_unknown', text, {
          column: text.slice(0, 80),
          ...(documented ? { suggestion: documented } : {}),
          known: [...spec.columns.map((c) => c.names[0]), ...(spec.keyed ? [spec.keyed.example] : [])].join(
            ', ',
          ),
        }),
      );
      return;
    }
    const identity = keyed !== undefined ? `${field}:${keyed}` : field;
    const earlier = seen.get(identity);
    if (earlier !== undefined) {
      problems.push(invalid('sheet_column_repeated', text, { column: text.slice(0, 80), earlier }));
      return;
    }
    seen.set(identity, text);
    columns.push({ index, field, header: text, ...(keyed !== undefined ? { key: keyed } : {}) });
  });
  for (const field of spec.required)
    if (!columns.some((c) => c.field === field))
      problems.push(
        invalid('sheet_column_missing', columnName(spec, field), {
          column: spec.columns
            .find((c) => c.field === field)
            ?.names.slice(0, 2)
            .join(' / ') as string,
        }),
      );
  const [first, ...rest] = problems;
  if (first) throw new DomainError(first.kind, first.code, first.vars, first.field, rest);
  return columns;
}

// The trimmed cell of each field of a row (an empty cell is left out: it leaves the field as it is).
export function cellsOf<F extends string>(
  columns: readonly SheetColumn<F>[],
  row: SheetRow,
): { field: F; header: string; key?: string; value: string }[] {
  const out: { field: F; header: string; key?: string; value: string }[] = [];
  for (const c of columns) {
    const value = (row.cells[c.index] ?? '').trim();
    if (value !== '') out.push({ field: c.field, header: c.header, value, ...(c.key ? { key: c.key } : {}) });
  }
  return out;
}

// The trimmed cell of the first column of a field ('' when the sheet has none).
export function cellOf<F extends string>(
  columns: readonly SheetColumn<F>[],
  row: SheetRow,
  field: F,
): string {
  const at = columns.find((c) => c.field === field);
  return at ? (row.cells[at.index] ?? '').trim() : '';
}
