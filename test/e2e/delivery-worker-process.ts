// A real closeloop process (startApp: HTTP server and delivery worker, no scheduled jobs) that a test can kill -9. The
// environment names the database and the local Slack and Lark stand-ins; their pacing is lifted (they have no limits)
// so a thousand cards take seconds, not the minutes Slack's and Lark's real limits would.
import { createConsoleTransport } from '../../adapters/console/transport.ts';
import { createLarkClient } from '../../adapters/lark/client.ts';
import { createPacer } from '../../adapters/lark/pacing.ts';
import { createLarkTransport } from '../../adapters/lark/transport.ts';
import { slackConfigOf } from '../../adapters/slack/config.ts';
import { createSlackTransport } from '../../adapters/slack/transport.ts';
import { parseEnv } from '../../src/config/env.ts';
import { loadKeys } from '../../src/crypto/load-keys.ts';
import { openDatabase } from '../../src/db/client.ts';
import { startApp } from '../../src/main.ts';

const env = parseEnv(process.env);
const slack = slackConfigOf(env);
if (!slack || !env.LARK_DOMAIN || !env.DATABASE_URL) throw new Error('set SLACK_*, LARK_* and DATABASE_URL');
const unlimited = { perMinute: 600_000, burst: 1_000 };
const db = openDatabase(env.DATABASE_URL, 2);
// The app's own key (the data dir's key file, made here if this is the first start): console cards are sealed with it.
const { keyring } = loadKeys(env, { mayCreate: true });

const app = await startApp(env, {
  logger: false,
  jobs: false,
  transports: {
    console: createConsoleTransport({ db: db.db, keyring }),
    slack: createSlackTransport({
      config: slack,
      rates: { channel: unlimited, 'chat.postMessage': unlimited, 'conversations.history': unlimited },
    }),
    lark: createLarkTransport(
      createLarkClient({ appId: 'cli_crash', appSecret: 's', domain: env.LARK_DOMAIN, mode: 'http' }),
      { pacer: createPacer([{ count: 100_000, ms: 1_000 }]) },
    ),
  },
});
process.stdout.write(`ready ${app.url}\n`);
process.on('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
