// Owns `closeloop user password|link`: local web accounts — a password read without echo, or a one-time sign-in link.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import type { Actor } from '../app/deps.ts';
import { issueSignInLink, linkLifetimeMs } from '../app/signin/issue-sign-in-link.ts';
import { setPassword } from '../app/signin/set-password.ts';
import type { Env } from '../config/env.ts';
import { type ServerAddress, serverAddress } from '../config/server-url.ts';
import { commandGroup, type OpenDeps, runWithDeps } from './command-group.ts';

const cli: Actor = { kind: 'system', name: 'cli' };

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

// Asks on the terminal with nothing echoed, so the password stays out of the screen, the shell history and `ps`.
function ask(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

export async function readPassword(
  fromStdin: boolean,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<string> {
  if (fromStdin) return (await readAll(stdin)).replace(/\r?\n$/, '');
  if (!process.stdin.isTTY)
    throw new Error('no terminal to ask for the password on; pipe it in with --password-stdin');
  const first = await ask('New password: ');
  const again = await ask('Repeat it: ');
  if (first !== again) throw new Error('the two passwords differ; nothing was changed');
  return first;
}

// Where a printed address came from, in words an admin acts on without opening the README.
function madeFrom(address: ServerAddress): string {
  return address.from === 'PUBLIC_URL'
    ? 'The address is PUBLIC_URL.'
    : 'The address is made from HOST and PORT as this shell has them, as the server makes its own; if people open the server at another address (a proxy, a tunnel, another machine), set PUBLIC_URL to it here and for the server.';
}

// `env` is read when a command runs: the same variables the server reads, so the link is where the server listens.
export function registerUser(
  program: Command,
  open: OpenDeps,
  env: () => Env,
  stdin: NodeJS.ReadableStream = process.stdin,
): void {
  const group = commandGroup(program, 'user', 'Web sign-in for roster users');
  group
    .command('password <email>')
    .description('Set the password a roster user signs in to the web console and dashboard with')
    .option('--password-stdin', 'read the password from standard input instead of asking (for scripts)')
    .addHelpText(
      'after',
      '\nThe password is never taken as an argument. Example:\n  closeloop user password li@acme.cn\n  printf %s "$PW" | closeloop user password li@acme.cn --password-stdin',
    )
    .action(async (email: string, options: { passwordStdin?: boolean }) => {
      await runWithDeps(open, async (deps) => {
        const password = await readPassword(Boolean(options.passwordStdin), stdin);
        const done = await setPassword(deps, cli, { email, password });
        const address = serverAddress(env());
        console.log(`Password set for ${done.email}. Sign in at ${address.url}/auth/sign-in`);
        console.log(madeFrom(address));
      });
    });
  group
    .command('link <email>')
    .description(
      'Print a one-time sign-in link for a roster user (e.g. the first admin); it works once, for 15 minutes',
    )
    .action(async (email: string) => {
      await runWithDeps(open, async (deps) => {
        const made = await issueSignInLink(deps, cli, email);
        const address = serverAddress(env());
        // The link alone on stdout, so a script can capture it; the advice on stderr.
        console.log(`${address.url}/auth/sign-in#link=${made.token}`);
        console.error(
          `One-time sign-in link for ${made.email}: valid for ${linkLifetimeMs / 60_000} minutes (until ${made.expiresAt.toISOString()}), once. ${madeFrom(address)}`,
        );
      });
    });
}
