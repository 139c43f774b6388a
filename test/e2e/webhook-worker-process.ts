// A real closeloop process (startApp: HTTP API, delivery worker with the webhook transport, no scheduled jobs) that a
// test can kill -9. CLOSELOOP_CONFIG names a closeloop.yaml whose webhooks.endpoints point at the test's receiver.
import { parseEnv } from '../../src/config/env.ts';
import { startApp } from '../../src/main.ts';

const app = await startApp(parseEnv(process.env), { logger: false, jobs: false });
process.stdout.write(`ready ${app.url}\n`);
process.on('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
