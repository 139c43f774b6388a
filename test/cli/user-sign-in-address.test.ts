// `closeloop user password|link` print the address the server is opened at: PUBLIC_URL when set, else HOST and PORT
// as the server makes its own address (not localhost whatever HOST says), and say which settings made it.
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppDeps, UserRow } from '../../src/app/deps.ts';
import { registerUser } from '../../src/cli/user.ts';
import { parseEnv } from '../../src/config/env.ts';
import { seedRoster } from '../adapters/console/fixture.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

let database: TestDatabase;
let deps: AppDeps;
let people: Record<string, UserRow>;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  people = await seedRoster(deps);
});

afterAll(async () => {
  await database?.close();
});

async function run(vars: Record<string, string>, args: string[], stdin = '') {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const program = new Command('closeloop').exitOverride();
    registerUser(
      program,
      async () => ({ deps, close: async () => {} }),
      () => parseEnv(vars),
      Readable.from([stdin]),
    );
    await program.parseAsync(['user', ...args], { from: 'user' });
    return {
      out: log.mock.calls.map((c) => String(c[0])).join('\n'),
      err: error.mock.calls.map((c) => String(c[0])).join('\n'),
    };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

const password = (vars: Record<string, string>) =>
  run(vars, ['password', people.li?.email ?? '', '--password-stdin'], 'correct horse battery staple\n');

describe('closeloop user password', () => {
  it.each([
    [{ HOST: '10.0.0.5', PORT: '8080' }, 'http://10.0.0.5:8080/auth/sign-in', 'HOST and PORT'],
    [{ HOST: 'crm.internal', PORT: '80' }, 'http://crm.internal:80/auth/sign-in', 'HOST and PORT'],
    [{ HOST: 'fd00::5', PORT: '3000' }, 'http://[fd00::5]:3000/auth/sign-in', 'HOST and PORT'],
    [{ HOST: '0.0.0.0', PORT: '8080' }, 'http://localhost:8080/auth/sign-in', 'HOST and PORT'],
    [{ HOST: '127.0.0.1' }, 'http://localhost:3000/auth/sign-in', 'HOST and PORT'],
    // Bound to another loopback address, it answers only there: localhost would lead to 127.0.0.1.
    [{ HOST: '127.0.0.2' }, 'http://127.0.0.2:3000/auth/sign-in', 'HOST and PORT'],
    [
      { HOST: '10.0.0.5', PUBLIC_URL: 'https://crm.acme.cn/' },
      'https://crm.acme.cn/auth/sign-in',
      'PUBLIC_URL',
    ],
  ])('with %j says to sign in at %s, made from %s', async (vars, url, from) => {
    const { out } = await password(vars);
    expect(out).toContain(`Sign in at ${url}\n`);
    expect(out).toContain(
      `The address is ${from === 'PUBLIC_URL' ? 'PUBLIC_URL.' : 'made from HOST and PORT'}`,
    );
  });
});

describe('closeloop user link', () => {
  it('prints the link alone on stdout at the server’s address, and on stderr where that address came from', async () => {
    const { out, err } = await run({ HOST: '10.0.0.5', PORT: '8080' }, ['link', people.li?.email ?? '']);
    expect(out).toMatch(/^http:\/\/10\.0\.0\.5:8080\/auth\/sign-in#link=[\w-]{20,}$/);
    expect(err).toContain('The address is made from HOST and PORT as this shell has them');
    expect(err).toContain('set PUBLIC_URL');
  });
});
