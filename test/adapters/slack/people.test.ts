import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackConfigOf } from '../../../adapters/slack/config.ts';
import { linkRosterBySlackEmail } from '../../../adapters/slack/people.ts';
import { slackClientOptions } from '../../../adapters/slack/transport.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { importRoster } from '../../../src/app/roster/import-roster.ts';
import { EnvError, parseEnv } from '../../../src/config/env.ts';
import { users } from '../../../src/db/schema.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';

let database: TestDatabase;
let deps: AppDeps;
let slack: FakeSlack;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { platforms: ['console', 'slack'] });
  slack = await startFakeSlack();
  await importRoster(
    deps,
    { kind: 'system', name: 'test' },
    `name,email,roles,region,manager_email,slack_user_id,locale
Amy Rep,amy@example.cn,rep,east,,U0AMY,en
Bo Rep,bo@example.cn,rep,east,,,en
Cai Rep,cai@example.cn,rep,east,,,en
Du Rep,du@example.cn,rep,east,,,en
`,
  );
});
afterAll(async () => {
  await slack.close();
  await database.close();
});

describe('linking the roster to Slack by email', () => {
  it('looks up everyone not yet linked, links whom Slack knows, and waits out a 429', async () => {
    slack.users.set('U0BO', 'bo@example.cn');
    // Du's Slack account is already someone else's: it must not be taken over.
    slack.users.set('U0AMY', 'du@example.cn');
    slack.script('users.lookupByEmail', {
      status: 429,
      headers: { 'retry-after': '2' },
      body: { ok: false, error: 'ratelimited' },
    });
    const slept: number[] = [];
    const client = new WebClient('xoxb-test', slackClientOptions({ apiUrl: slack.apiUrl }));
    const report = await linkRosterBySlackEmail(deps, client, {
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    expect(report).toEqual({ linked: 1, notInSlack: 1, taken: 1 });
    expect(slept).toEqual([2_000]);
    expect(slack.callsTo('users.lookupByEmail').map((c) => c.args.email)).toEqual([
      'bo@example.cn',
      'bo@example.cn',
      'cai@example.cn',
      'du@example.cn',
    ]);
    const rows = await deps.db.select({ email: users.email, slack: users.slackUserId }).from(users);
    expect(Object.fromEntries(rows.map((r) => [r.email, r.slack]))).toEqual({
      'amy@example.cn': 'U0AMY',
      'bo@example.cn': 'U0BO',
      'cai@example.cn': null,
      'du@example.cn': null,
    });
    expect(await countRows(database, 'audit_log')).toBeGreaterThan(0);
    const [audit] = await database.pool
      .query(`select after from audit_log where action = 'user.link_slack'`)
      .then((r) => r.rows as { after: unknown }[]);
    expect(audit?.after).toEqual({ slack: 'U0BO' });
  });
});

describe('Slack settings from the environment', () => {
  it('is off without a bot token, and names what is missing when half configured', () => {
    expect(slackConfigOf(parseEnv({}))).toBeNull();
    expect(() => slackConfigOf(parseEnv({ SLACK_BOT_TOKEN: 'xoxb-1' }))).toThrow(EnvError);
    expect(() => slackConfigOf(parseEnv({ SLACK_BOT_TOKEN: 'xoxb-1' }))).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => slackConfigOf(parseEnv({ SLACK_SIGNING_SECRET: 's' }))).toThrow(/SLACK_BOT_TOKEN/);
    expect(
      slackConfigOf(
        parseEnv({
          SLACK_BOT_TOKEN: 'xoxb-1',
          SLACK_APP_TOKEN: 'xapp-1',
          SLACK_API_URL: 'http://gov.example/api',
        }),
      ),
    ).toEqual({
      botToken: 'xoxb-1',
      appToken: 'xapp-1',
      apiUrl: 'http://gov.example/api/',
      dataDir: './data',
    });
    expect(slackConfigOf(parseEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }))?.apiUrl).toBe(
      'https://slack.com/api/',
    );
  });
});
