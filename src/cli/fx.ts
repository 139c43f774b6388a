// Owns `closeloop fx import <file.csv>`: take in exchange rates, print the per-line report.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { importRates } from '../app/fx/import-rates.ts';
import { plainErrorText } from '../messages/catalogue/errors.ts';
import { fxText } from '../messages/catalogue/fx.ts';
import { commandGroup, exitWithError, type OpenDeps, runWithDeps } from './command-group.ts';

export function registerFx(program: Command, open: OpenDeps): void {
  commandGroup(program, 'fx', 'Exchange rates')
    .command('import')
    .description(
      'Import exchange rates: each good line is recorded (a line already recorded changes nothing), bad lines are listed',
    )
    .argument('<file>', '.csv with the header date,base,quote,rate (UTF-8; 日期,基准币种,报价币种,汇率 too)')
    .addHelpText(
      'after',
      `
Each line says: on <date>, 1 <base> buys <rate> <quote>. Example file:
  date,base,quote,rate
  2026-12-04,USD,CNY,7.1234
  2026-12-04,JPY,CNY,0.0483`,
    )
    .action(async (file: string) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        console.error(
          `error: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
        exitWithError();
      }
      let failed = false;
      await runWithDeps(open, async (deps) => {
        const report = await importRates(deps, { kind: 'system', name: 'cli' }, text);
        for (const p of report.problems)
          console.error(
            `  ${file}: ${fxText('importLine', 'en', { line: p.line, text: plainErrorText(p.error, 'en') }, 'plain')}`,
          );
        const by = (o: string) => report.recorded.filter((r) => r.outcome === o).length;
        console.log(
          fxText(
            'importSummary',
            'en',
            {
              file,
              lines: report.lines,
              created: by('created'),
              changed: by('changed'),
              unchanged: by('unchanged'),
              bad: report.lines - report.recorded.length,
            },
            'plain',
          ),
        );
        failed = report.recorded.length === 0 && report.problems.length > 0;
      });
      if (failed) exitWithError();
    });
}
