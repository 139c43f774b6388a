#!/usr/bin/env node
// The installed `closeloop` command (and `npm start`): run the CLI compiled into dist/ by `npm run build`, which
// `npm ci` runs through `prepare`. When a source file is newer than the build (an edited checkout), build first, so
// the command never runs stale code.
import { existsSync, readdirSync, statSync } from 'node:fs';

const output = new URL('../dist/cli.js', import.meta.url);
const sources = ['src', 'adapters', 'jobs'].map((d) => new URL(`../${d}/`, import.meta.url));

function newestSource() {
  let newest = 0;
  for (const dir of sources) {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile())
        newest = Math.max(newest, statSync(`${entry.parentPath ?? entry.path}/${entry.name}`).mtimeMs);
    }
  }
  return newest;
}

if (!existsSync(output) || statSync(output).mtimeMs < newestSource()) {
  const { buildDist } = await import('../scripts/build.mjs');
  await buildDist();
}
await import(output.href);
