// Owns `closeloop import statement <file>`: reconcile a bank statement from the command line, print what it did.
import { readFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import {
  badLineCount,
  importStatement,
  parseStatement,
  type StatementFormat,
  type StatementInput,
  statementProblemError,
} from '../app/reconcile/import-statement.ts';
import { invalid } from '../domain/errors.ts';
import { utf8TextOf } from '../domain/imports/utf8-text.ts';
import type { StatementColumn } from '../domain/reconcile/statement-csv.ts';
import { type StatementPreset, statementPresets } from '../domain/reconcile/statement-presets.ts';
import { plainErrorText } from '../messages/catalogue/errors.ts';
import {
  statementBadFileText,
  statementImportReport,
  statementUnreadableText,
} from '../messages/catalogue/statement-import.ts';
import { commandGroup, exitWithError, type OpenDeps, runWithDeps } from './command-group.ts';
import { complain, say } from './print.ts';

const columnNames: readonly StatementColumn[] = [
  'date',
  'amount',
  'currency',
  'payer',
  'payer_account',
  'memo',
  'bank_txn_id',
];
const collect = (value: string, previous: string[]) => [...previous, value];

interface Options {
  format?: StatementFormat;
  preset?: StatementPreset;
  map: string[];
  account?: string;
}

export function registerImportStatement(program: Command, open: OpenDeps): void {
  commandGroup(program, 'import', 'Import data from files')
    .command('statement')
    .description(
      'Import a bank statement and reconcile it: lines imported before are skipped, sure matches post, the rest go to the finance channel',
    )
    .argument('<file>', 'camt.053 XML, MT940 or CSV (UTF-8, header line)')
    .addOption(
      new Option('--format <format>', 'the file format (detected from the content when absent)').choices([
        'camt053',
        'mt940',
        'csv',
      ]),
    )
    .addOption(
      new Option('--preset <bank>', "a CSV export's known column layout").choices(
        Object.keys(statementPresets),
      ),
    )
    .option(
      '--map <column=header>',
      "read one of your bank's CSV headers as a column (repeatable)",
      collect,
      [],
    )
    .option('--account <account>', "the statement's own account, for CSV exports that do not name it")
    .addHelpText(
      'after',
      `
CSV columns: ${columnNames.join(', ')} (date, amount and currency required). English and Chinese headers
(日期, 金额, 币种, 付款人, 对方账号, 摘要, 流水号) are recognised; --preset and --map name the rest.
Lines without a bank transaction id are recognised by a hash of account, date, amount and memo.
A file with any bad line is refused whole, each bad line named, and nothing is written (exit code 1).

Examples:
  closeloop import statement nov.xml
  closeloop import statement cmb-2026-11.csv --preset cmb --account 6225880212345678
  closeloop import statement export.csv --map "date=Value date" --map "memo=Purpose"`,
    )
    .action(async (file: string, opts: Options) => {
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? String(error);
        complain(`error: ${statementUnreadableText(file, reason, 'en')}`);
        exitWithError();
      }
      const read = utf8TextOf(bytes);
      if (!read.ok) {
        complain(
          `error: ${plainErrorText(invalid('file_not_utf8', 'file', { file, line: read.line }), 'en')}`,
        );
        exitWithError();
      }
      const text = read.text;
      const columns: Partial<Record<StatementColumn, string>> = {};
      for (const pair of opts.map) {
        const at = pair.indexOf('=');
        const column = pair.slice(0, at).trim() as StatementColumn;
        if (at <= 0 || !columnNames.includes(column) || pair.slice(at + 1).trim() === '') {
          complain(
            `error: --map "${pair}" needs the form "column=Your header" with a column among ${columnNames.join(', ')}, e.g. --map "date=Value date"`,
          );
          exitWithError();
        }
        columns[column] = pair.slice(at + 1).trim();
      }
      const input: StatementInput = {
        text,
        fileName: file,
        ...(opts.format ? { format: opts.format } : {}),
        ...(opts.preset ? { preset: opts.preset } : {}),
        ...(Object.keys(columns).length > 0 ? { columns } : {}),
        ...(opts.account ? { account: opts.account } : {}),
      };
      // Every bad line named before anything is opened; the use case refuses such a file as well.
      const { format, parsed } = parseStatement(input);
      if (parsed.problems.length > 0) {
        const count = badLineCount(parsed);
        for (const p of parsed.problems)
          complain(`  ${file}: ${plainErrorText(statementProblemError(format, p, count), 'en')}`);
        // A file refused as a whole has said so on its own line; only bad lines are counted.
        if (count > 0) complain(`error: ${statementBadFileText(file, count, 'en')}`);
        exitWithError();
      }
      await runWithDeps(open, async (deps) => {
        const result = await importStatement(deps, { kind: 'system', name: 'cli' }, input);
        for (const line of statementImportReport(file, result, 'en')) say(line);
      });
    });
}
