// Trial mode's loud warning (issue 12), from the real `closeloop start`: bound to every interface with the trial
// console forced on, start-up says that anyone who reaches it acts as anyone; on loopback (today's `npm start`) it
// does not. Both processes run side by side on one test database.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

let database: TestDatabase;
const children: ChildProcess[] = [];

// Starts closeloop with these variables and resolves with what it printed once it is serving.
function start(vars: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: database.url,
      CLOSELOOP_DATA_DIR: mkdtempSync(join(tmpdir(), 'closeloop-trial-')),
      PORT: '0',
      LOG_LEVEL: 'warn',
      // One key for both processes on the one database (each would otherwise make its own key file).
      CLOSELOOP_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
      ...vars,
    },
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const read = (b: Buffer) => {
      output += b.toString();
      if (/running at/.test(output)) resolve(output);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', (code) =>
      reject(new Error(`closeloop start exited (${code}) before serving:\n${output}`)),
    );
  });
}

let exposed = '';
let loopback = '';

beforeAll(async () => {
  database = await createTestDatabase();
  [exposed, loopback] = await Promise.all([
    start({ HOST: '0.0.0.0', CLOSELOOP_CONSOLE: 'on' }),
    start({ HOST: '127.0.0.1' }),
  ]);
}, 90_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await database?.close();
});

describe('closeloop start and trial mode', () => {
  it('warns loudly when trial mode is reachable from other hosts, naming the ways out', () => {
    expect(exposed).toContain('SECURITY WARNING');
    expect(exposed).toContain('TRIAL MODE IS REACHABLE FROM OTHER HOSTS on 0.0.0.0');
    expect(exposed).toContain('closeloop user password <email>');
    // And that any Host header is served there.
    expect(exposed).toContain('for any Host header');
  });

  it('says nothing of the kind on loopback, where trial mode is today’s default', () => {
    expect(loopback).not.toContain('SECURITY WARNING');
    expect(loopback).not.toContain('for any Host header');
  });
});
