// Measures `npm start` → first 200 from /health: the compiled CLI (dist/, what `npm start` runs) beside the same
// start from the TypeScript sources through tsx (what it ran before the build step), each with a throwaway data dir.
// Cold = the first start on an empty data dir (initdb of the embedded PostgreSQL and every migration); warm = a
// later start on that same data dir (the median of START_BENCH_WARM starts, default 3). dist/ is built first. A last
// row times the module loading alone (importing the chunks `closeloop start` goes through, nothing started), the share
// of a start that no database work explains; the embedded server boots while most of it runs.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const warmRuns = Number(process.env.START_BENCH_WARM ?? 3);
const goals = { warmMs: 2_000, coldMs: 4_000 };
const timeoutMs = 120_000;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

// One start: spawn, poll /health every 20 ms until it answers 200, then stop it the way an operator does (SIGTERM).
async function timeStart(args: string[], dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, CLOSELOOP_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  try {
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`start exited with ${child.exitCode}: ${stderr.slice(-2000)}`);
      if (performance.now() - started > timeoutMs) throw new Error(`no /health within ${timeoutMs} ms`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await exited(child);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function measure(label: string, args: string[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-start-'));
  try {
    const cold = await timeStart(args, dataDir);
    const warm: number[] = [];
    for (let i = 0; i < warmRuns; i++) warm.push(await timeStart(args, dataDir));
    return { label, cold, warm: median(warm) };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// cli.js → serve-*.js → main-*.js, imported in a fresh process: wall and CPU milliseconds, median of `runs`.
function moduleLoad(runs: number): { wallMs: number; cpuMs: number } {
  const chunks = readdirSync(join(root, 'dist')).filter((f) => /^(serve|main)-.*\.js$/.test(f));
  const ordered = [...chunks].sort((a, b) => (a.startsWith('serve') ? -1 : b.startsWith('serve') ? 1 : 0));
  const script = `const t = performance.now(), c = process.cpuUsage();
for (const f of ${JSON.stringify(ordered)}) await import('./dist/' + f);
const u = process.cpuUsage(c);
console.log(JSON.stringify({ wallMs: performance.now() - t, cpuMs: (u.user + u.system) / 1000 }));`;
  const samples = Array.from({ length: runs }, () => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`module load failed: ${run.stderr}`);
    return JSON.parse(run.stdout) as { wallMs: number; cpuMs: number };
  });
  return { wallMs: median(samples.map((s) => s.wallMs)), cpuMs: median(samples.map((s) => s.cpuMs)) };
}

async function main() {
  if (spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0)
    throw new Error('npm run build failed');
  const rows = [
    await measure('npm start (dist/, compiled once)', ['bin/closeloop.js', 'start']),
    await measure('sources through tsx (npm run dev)', ['--import', 'tsx', 'src/cli.ts', 'start']),
  ];
  const load = moduleLoad(5);
  const pad = (s: string, n: number) => s.padEnd(n);
  const ms = (n: number) => `${(n / 1000).toFixed(2)} s`;
  console.log(
    `start → /health, ${warmRuns} warm starts (median) after one cold start, each on its own data dir`,
  );
  console.log(`${pad('how', 36)}${pad('cold', 10)}${pad('goal', 10)}${pad('warm', 10)}goal`);
  for (const r of rows) {
    console.log(
      `${pad(r.label, 36)}${pad(ms(r.cold), 10)}${pad(r.label.startsWith('npm') ? `≤ ${ms(goals.coldMs)}` : '', 10)}${pad(ms(r.warm), 10)}${r.label.startsWith('npm') ? `≤ ${ms(goals.warmMs)}` : ''}`,
    );
  }
  console.log(
    `module load alone (dist/, median of 5): ${ms(load.wallMs)} wall, ${ms(load.cpuMs)} CPU — overlapped by the database start`,
  );
  console.log('(cold: initdb + every migration on an empty data dir; warm: the same data dir started again)');
}

await main();
