// Use case: finance imports a rate file (date,base,quote,rate): good lines are recorded (a line already known changes
// nothing), bad ones are listed by line and column; a file that cannot be read as rates records nothing.
import type { DomainError } from '../../domain/errors.ts';
import { readRateCsv } from '../../domain/fx/rate-csv.ts';
import { demand } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { type RecordedRate, recordRates } from './record-rates.ts';

export interface RateImportReport {
  lines: number;
  recorded: RecordedRate[];
  problems: { line: number; error: DomainError }[];
}

export async function importRates(deps: AppDeps, actor: Actor, text: string): Promise<RateImportReport> {
  demand(deps, actor, 'fx.manage', {}, 'fx_forbidden');
  const read = readRateCsv(text);
  const recorded =
    read.lines.length === 0
      ? []
      : await recordRates(
          deps,
          actor,
          read.lines.map((l) => l.input),
          'import',
        );
  const badLines = new Set(read.problems.map((p) => p.line)).size;
  return { lines: read.lines.length + badLines, recorded, problems: read.problems };
}
