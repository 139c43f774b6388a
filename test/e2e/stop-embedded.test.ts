// `npm start` stopped with Ctrl-C or a service manager's SIGTERM (issue 13): closeloop stops the app, then the embedded
// PostgreSQL it started, and exits 0 — not the 130/143 (or 1) that a second, library-installed signal handler gave
// when it stopped the database under the still-running app and exited first.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// Starts closeloop on its own embedded database, sends the signal once it serves, and reports how it ended.
async function startAndStop(signal: 'SIGINT' | 'SIGTERM') {
  const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-stop-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', CLOSELOOP_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' },
  });
  let output = '';
  const ended = new Promise<{ code: number | null; signal: string | null }>((done) =>
    child.on('exit', (code, sig) => done({ code, signal: sig })),
  );
  await new Promise<void>((resolve, reject) => {
    const read = (b: Buffer) => {
      output += b.toString();
      if (/running at/.test(output)) resolve();
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void ended.then(({ code }) =>
      reject(new Error(`closeloop start exited (${code}) before serving:\n${output}`)),
    );
  });
  const postmaster = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  child.kill(signal);
  const end = await ended;
  return { ...end, postmaster, output };
}

describe('stopping closeloop start', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`on ${signal}: exits 0 and leaves no database server running`, async () => {
      const { code, signal: killedBy, postmaster, output } = await startAndStop(signal);
      expect({ code, killedBy, output: code === 0 ? '' : output }).toEqual({
        code: 0,
        killedBy: null,
        output: '',
      });
      // PostgreSQL's postmaster is gone once closeloop has exited (its stop waits for it).
      expect(alive(postmaster)).toBe(false);
    }, 120_000);
  }
});
