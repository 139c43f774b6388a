// Owns `closeloop import leads <file.csv|xlsx>`: take in a lead list, print the per-row report.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { importLeads } from '../app/leads/import-leads.ts';
import { readLeadFile } from '../app/leads/read-lead-file.ts';
import { isImportProblem, leadImportFields } from '../domain/leads/lead-import.ts';
import { importProblemText, importSummaryText } from '../messages/catalogue/leads.ts';
import { commandGroup, exitWithError, type OpenDeps, runWithDeps } from './command-group.ts';
import { complain, say } from './print.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerImportLeads(program: Command, open: OpenDeps): void {
  commandGroup(program, 'import', 'Import data from files')
    .command('leads')
    .description(
      'Import a lead list (trade show, purchased list): good rows become leads and are routed, duplicates are attached to the open lead, bad rows are listed',
    )
    .argument('<file>', '.csv (UTF-8, header line) or .xlsx (first visible tab, header row)')
    .option('--source <source>', 'source for rows without one, e.g. trade-show', 'import')
    .option('--campaign <campaign>', 'campaign for rows without one, e.g. "Canton Fair 2026"')
    .option('--map <header=field>', 'read a column of yours as a lead field (repeatable)', collect, [])
    .addHelpText(
      'after',
      `
Fields: ${leadImportFields.join(', ')}
Headers are recognised in English or Chinese: 姓名 公司 邮箱 电话 地区 行业 来源 活动 备注.
Every row needs a name and an email or a phone. Phones without a country code are read as Chinese numbers.

Example:
  closeloop import leads expo.csv --source trade-show --campaign "Canton Fair 2026" --map "Mobile No.=phone"`,
    )
    .action(async (file: string, opts: { source: string; campaign?: string; map: string[] }) => {
      let bytes: Uint8Array;
      try {
        bytes = await readFile(file);
      } catch (error) {
        complain(`error: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
        exitWithError();
      }
      const mapping: Record<string, string> = {};
      for (const pair of opts.map) {
        const at = pair.lastIndexOf('=');
        if (at <= 0) {
          complain(
            `error: --map "${pair}" needs the form "Your header=field", e.g. --map "Mobile No.=phone"`,
          );
          exitWithError();
        }
        mapping[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
      }
      let failed = false;
      await runWithDeps(open, async (deps) => {
        const table = await readLeadFile(file, bytes, deps.policy.imports);
        if (isImportProblem(table)) {
          complain(`error: ${file}: ${importProblemText(table, 'en')}; nothing was imported`);
          failed = true;
          return;
        }
        const report = await importLeads(deps, { kind: 'system', name: 'cli' }, table, {
          mapping,
          source: opts.source,
          campaign: opts.campaign ?? null,
        });
        const fileProblem = report.problems.some((p) => p.field === '(file)');
        for (const p of report.problems) complain(`  ${file}: ${importProblemText(p, 'en')}`);
        if (fileProblem) {
          complain(`error: ${file} cannot be read as a lead list; nothing was imported`);
          failed = true;
          return;
        }
        if (report.ignoredColumns.length > 0)
          say(`columns not imported: ${report.ignoredColumns.join(', ')}`);
        say(
          `${file}: ${importSummaryText(
            {
              rows: report.rows,
              created: report.created,
              duplicates: report.duplicates.length,
              problems: report.problems.length,
            },
            'en',
          )}`,
        );
      });
      if (failed) exitWithError();
    });
}
