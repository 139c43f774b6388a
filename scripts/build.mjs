// Owns the compiled form `npm start` and the `closeloop` command run: src/cli.ts bundled once into dist/ with esbuild,
// beside the files the code reads at run time. Tests and `npm run dev`-style work keep running the sources through tsx.
import { cpSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
export const entry = `${root}src/cli.ts`;
// Source folders whose files end up in the bundle: a newer file in one of them makes dist/ stale.
export const sourceDirs = ['src', 'adapters', 'jobs'].map((d) => `${root}${d}`);
// Packages compiled into the bundle instead of loaded from node_modules at run time: ES modules of many small files
// (zod ~100, drizzle-orm ~110, libphonenumber-js ~115) that every start resolves, reads and compiles one by one. Only
// self-contained ones: no dependency of their own that could sit in a nested node_modules, no files read beside
// themselves, and no other external package importing them (fastify-type-provider-zod comes along so zod stays one
// copy). Everything else stays external.
export const bundledPackages = new Set([
  'zod',
  'fastify-type-provider-zod',
  'drizzle-orm',
  'libphonenumber-js',
]);

const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

// Bare imports stay external unless the package is one of bundledPackages.
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      bundledPackages.has(packageName(args.path)) ? undefined : { path: args.path, external: true },
    );
  },
};

// Tests build into a directory of their own; everything else into dist/.
export async function buildDist(outDir = `${root}dist`) {
  const output = `${outDir}/cli.js`;
  rmSync(outDir, { recursive: true, force: true });
  await build({
    entryPoints: [entry],
    outdir: outDir,
    // The entry keeps its name (bin/closeloop.js imports dist/cli.js); a module imported only with import() goes to a
    // chunk of its own beside it, so what only some starts need (the Slack and Lark SDKs) is not loaded by the others.
    entryNames: '[name]',
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    plugins: [externalPackages],
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  // The bundle reads these next to itself (new URL('./migrations', import.meta.url), './console.html', …).
  mkdirSync(outDir, { recursive: true });
  cpSync(`${root}src/db/migrations`, `${outDir}/migrations`, { recursive: true });
  cpSync(`${root}adapters/console/console.html`, `${outDir}/console.html`);
  cpSync(`${root}src/http/dashboard/dashboard.html`, `${outDir}/dashboard.html`);
  cpSync(`${root}src/http/auth/sign-in.html`, `${outDir}/sign-in.html`);
  return statSync(output).mtimeMs;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  await buildDist(process.argv[2]);
  console.log(`built ${process.argv[2] ?? 'dist'}/cli.js in ${Math.round(performance.now() - started)} ms`);
}
