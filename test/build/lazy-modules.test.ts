import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: the build script is plain JavaScript without type declarations.
import { buildDist } from '../../scripts/build.mjs';

// What `npm start` loads before it can answer /health: the compiled CLI, the chunks it imports statically (not those
// behind an import()), and every package those import statically.
let outDir: string;
let startCode: string;

const staticImports = (code: string) =>
  [...code.matchAll(/^import[^;]*?from\s*["']([^"']+)["']|^import\s*["']([^"']+)["']/gm)].map(
    (m) => m[1] ?? m[2] ?? '',
  );

function staticClosure(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const code = readFileSync(join(outDir, file), 'utf8');
  const chunks = staticImports(code).filter((s) => s.startsWith('./'));
  return [code, ...chunks.flatMap((chunk) => staticClosure(chunk.slice(2), seen))];
}

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'closeloop-build-'));
  await buildDist(outDir);
  startCode = staticClosure('cli.js').join('\n');
}, 60_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const staticImportOf = (pkg: string) =>
  staticImports(startCode).some((s) => s === pkg || s.startsWith(`${pkg}/`));

describe('start loads the heavy packages only when first used', () => {
  it.each(['exceljs', 'echarts', '@resvg/resvg-js'])('%s is not imported at start', (pkg) => {
    expect(staticImportOf(pkg)).toBe(false);
  });

  // Without chat credentials neither SDK is needed; main.ts imports each adapter when its platform is configured.
  it.each(['@slack/bolt', '@slack/web-api', '@larksuiteoapi/node-sdk'])(
    '%s is not imported at start',
    (pkg) => {
      expect(staticImportOf(pkg)).toBe(false);
    },
  );

  it('the packages every start needs are imported statically (the check can see an import)', () => {
    expect(staticImportOf('fastify')).toBe(true);
  });
});
