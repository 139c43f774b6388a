// Owns `closeloop keys status|add|rotate`: personal-data keys — values per key id, a new current key, re-sealing.
import type { Command } from 'commander';
import { personalDataKeyStatus, resealPersonalData } from '../app/crypto/reseal-personal-data.ts';
import { addKeyToFile, keyFileOf, newKeyText } from '../crypto/load-keys.ts';
import { commandGroup, type OpenDeps, runWithDeps } from './command-group.ts';

export function registerKeys(program: Command, open: OpenDeps, dataDir: () => string): void {
  const keys = commandGroup(program, 'keys', 'Personal data at rest: key status, a new key, rotation');
  keys
    .command('status')
    .description('Sealed values per column and key id ("plain": not sealed yet)')
    .action(async () => {
      await runWithDeps(open, async (deps) => {
        console.log(`current key: ${deps.keyring.currentKid}; keys known: ${deps.keyring.kids.join(', ')}`);
        for (const r of await personalDataKeyStatus(deps)) console.log(`${r.column}\t${r.kid}\t${r.n}`);
      });
    });
  keys
    .command('add <kid>')
    .description(
      'Make a new current key: first line of the data-dir key file, or printed for CLOSELOOP_DATA_KEYS',
    )
    .action((kid: string) => {
      if (process.env.CLOSELOOP_DATA_KEYS || process.env.CLOSELOOP_DATA_KEY) {
        console.log(
          `put this first in CLOSELOOP_DATA_KEYS (keep the old keys after it), restart, then run keys rotate:`,
        );
        console.log(newKeyText(kid));
        return;
      }
      const file = keyFileOf(dataDir());
      addKeyToFile(file, kid);
      console.log(
        `key "${kid}" is now current in ${file}; back the file up again, restart, then run keys rotate`,
      );
    });
  keys
    .command('rotate')
    .description(
      'Re-seal every value under the current key, 1,000 rows per transaction; resumable, app may run',
    )
    .option('--batch <n>', 'rows per transaction', '1000')
    .action(async (options: { batch: string }) => {
      await runWithDeps(open, async (deps) => {
        const total = await resealPersonalData(deps, {
          batch: Math.max(1, Number(options.batch) || 1000),
          onProgress: (p) => console.log(`${p.column.table}.${p.column.column}: ${p.done} re-sealed`),
        });
        console.log(`done: ${total} value(s) now under key "${deps.keyring.currentKid}"`);
      });
    });
}
