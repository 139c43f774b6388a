// Runs every bench/*.bench.ts one after another, each in its own process; `npm run bench -- slack` runs the matching ones
// and hands any further arguments to them (`npm run bench -- reconcile --lines 10000`).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2];
const passOn = process.argv.slice(3);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();
if (files.length === 0) {
  console.error(filter ? `no bench file matches "${filter}"` : 'no bench files in bench/');
  process.exit(1);
}
let failed = 0;
for (const file of files) {
  console.log(`\n▶ ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${file}`, ...passOn], {
    stdio: 'inherit',
  });
  if (run.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
