// Owns `closeloop import roster <file.csv>`: load the team from a CSV file, all rows or none.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { importRoster, RosterImportError } from '../app/roster/import-roster.ts';
import { rosterColumns } from '../domain/roster/roster-csv.ts';
import { rosterProblemText } from '../messages/catalogue/roster.ts';
import { commandGroup, exitWithError, type OpenDeps, runWithDeps } from './command-group.ts';
import { complain, say } from './print.ts';

export function registerImportRoster(program: Command, open: OpenDeps): void {
  commandGroup(program, 'import', 'Import data from files')
    .command('roster')
    .description(
      'Create or update roster users from a CSV file (matched by email); a file with any bad row changes nothing',
    )
    .argument('<file.csv>', 'CSV with a header line')
    .addHelpText(
      'after',
      `
Columns (first line): ${rosterColumns.join(', ')}
  name, email          required
  roles                rep, manager, finance, legal, director, cfo, admin — separated by ; or | (default rep)
  manager_email        must be in the file or already on the roster
  timezone             IANA zone, e.g. Asia/Shanghai
  industries, skills   separated by ; or |
A column left out keeps what the roster has; an empty cell clears it.

Example:
  name,email,roles,region,manager_email,timezone
  王伟,wang.wei@example.com,manager,east,,Asia/Shanghai
  李雷,li.lei@example.com,rep,east,wang.wei@example.com,Asia/Shanghai`,
    )
    .action(async (file: string) => {
      let csv: string;
      try {
        csv = await readFile(file, 'utf8');
      } catch (error) {
        complain(`error: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
        exitWithError();
      }
      await runWithDeps(
        open,
        async (deps) => {
          const result = await importRoster(deps, { kind: 'system', name: 'cli' }, csv);
          say(
            `roster imported from ${file}: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged`,
          );
        },
        (error) =>
          error instanceof RosterImportError
            ? [
                `error: ${file} has ${error.problems.length} problem(s); nothing was imported:`,
                ...error.problems.map((p) => `  ${file}: ${rosterProblemText(p, 'en')}`),
              ].join('\n')
            : null,
      );
    });
}
