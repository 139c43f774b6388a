// Owns `closeloop start`: checks the environment and closeloop.yaml, starts the embedded database while the app's
// modules load, then runs the app until SIGINT or SIGTERM.
import { larkConfigFrom } from '../adapters/lark/config.ts';
import { slackConfigOf } from '../adapters/slack/config.ts';
import { envOrFail, fail } from './cli/fail.ts';
import { consoleEnabled } from './config/env.ts';
import { loadPolicy } from './config/load-policy.ts';
import { listeningUrl, serverAddress } from './config/server-url.ts';
import { startEmbeddedPostgres } from './db/embedded.ts';
import { startPhases, unmarked } from './logging/start-phases.ts';
import type { RunningApp } from './main.ts';

export async function serve(source: Record<string, string | undefined>): Promise<void> {
  const env = envOrFail(source);
  const mark = env.CLOSELOOP_START_TRACE === 'on' ? startPhases((line) => console.error(line)) : unmarked;
  let policy: ReturnType<typeof loadPolicy>;
  try {
    // Mistakes in closeloop.yaml or a half-configured chat platform stop start before the data directory is touched.
    policy = loadPolicy(env.CLOSELOOP_CONFIG);
    slackConfigOf(env);
    larkConfigFrom(env);
  } catch (error) {
    fail(error);
  }
  mark('configuration read');
  // PostgreSQL starts in its own process while this one loads the app (Fastify, the API, the jobs).
  const databaseServer = env.DATABASE_URL
    ? Promise.resolve(null)
    : startEmbeddedPostgres(env.CLOSELOOP_DATA_DIR, { ownShutdown: true });
  // Awaited in startApp; a failure before then must not count as unhandled.
  databaseServer.catch(() => {});
  // A signal during start-up (the scheduler still starting after the server listens) ends it as cleanly as one later.
  let app: RunningApp | null = null;
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    if (!app) return; // startApp is under way: it is stopped below when it settles
    await app.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  try {
    const { startApp } = await import('./main.ts');
    app = await startApp(env, { policy, mark, databaseServer });
    if (stopping) {
      await app.stop();
      process.exit(0);
    }
    // The port bound (PORT=0 takes a free one); the address from the one function `closeloop user` prints links with.
    const port = Number(new URL(app.url).port) || 80;
    const base = listeningUrl(env.HOST, port);
    console.log(`closeloop is running at ${base}`);
    console.log(
      `  console:  ${base}/console${consoleEnabled(env) ? ' (trial mode until a web account exists)' : ''}`,
    );
    console.log(`  sign-in:  ${serverAddress(env, port).url}/auth/sign-in`);
    console.log(`  API docs: ${base}/docs`);
  } catch (error) {
    // startApp stops what it opened; a server it never reached is stopped here (stopping twice is harmless).
    await databaseServer.then((server) => server?.stop()).catch(() => {});
    if (stopping) process.exit(0);
    fail(error);
  }
}
