import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: the build script is plain JavaScript without type declarations.
import { buildDist } from '../../scripts/build.mjs';

// What `npm start` loads before it can answer /health: the compiled CLI and every package it imports statically.
let outDir: string;
let bundle: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'closeloop-build-'));
  await buildDist(outDir);
  bundle = readFileSync(join(outDir, 'cli.js'), 'utf8');
}, 60_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const staticImportOf = (pkg: string) =>
  new RegExp(`^import[^;]*from ["']${pkg.replace('/', '\\/')}["']`, 'm').test(bundle);

describe('start loads the heavy packages only when first used', () => {
  it.each(['exceljs', 'echarts', '@resvg/resvg-js'])('%s is not imported at start', (pkg) => {
    expect(staticImportOf(pkg)).toBe(false);
  });

  it('the packages every start needs are imported statically (the check can see an import)', () => {
    expect(staticImportOf('fastify')).toBe(true);
  });
});
