// What each person is offered is what their roles grant (issue 12): `help` lists only the commands they may use, and
// the Slack App Home publishes only the sections they may see (a legal approver: approvals, no leads, no receivables).
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishHome } from '../../../adapters/slack/home.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { addUser } from '../../app/leads/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';

let database: TestDatabase;
let deps: AppDeps;
let slack: FakeSlack;
let client: WebClient;
const people: Record<string, UserRow> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  slack = await startFakeSlack();
  client = new WebClient('xoxb-test-token', { slackApiUrl: slack.apiUrl });
  const roles: Record<string, string[]> = {
    rep: ['rep'],
    legal: ['legal'],
    finance: ['finance'],
    admin: ['admin'],
    // A role closeloop.yaml never grants anything.
    guest: ['visitor'],
  };
  for (const [name, r] of Object.entries(roles)) {
    people[name] = await addUser(database, {
      name: `${name} person`,
      roles: r,
      locale: 'en',
      region: 'east',
      slackUserId: `U0${name.toUpperCase()}`,
    });
  }
});
afterAll(async () => {
  await slack?.close();
  await database?.close();
});

const help = async (who: string) =>
  (await runTextCommand(deps, { kind: 'user', user: people[who] as UserRow }, 'help')).text;

async function home(who: string): Promise<string> {
  const before = slack.callsTo('views.publish').length;
  await publishHome(deps, client, `U0${who.toUpperCase()}`);
  const published = slack.callsTo('views.publish');
  expect(published).toHaveLength(before + 1);
  return JSON.stringify(published.at(-1)?.args.view);
}

describe('help lists only what the asker may do', () => {
  it('a rep: leads and orders, no audit, no API keys, no targets, no bank statements', async () => {
    const text = await help('rep');
    expect(text).toContain('lead new');
    expect(text).toContain('order new');
    expect(text).not.toMatch(/^audit /m);
    expect(text).not.toMatch(/^apikey/m);
    expect(text).not.toMatch(/^kpi target/m);
    expect(text).not.toContain('ar received');
  });

  it('legal: approvals and reports, no lead entry, no receipts, no audit', async () => {
    const text = await help('legal');
    expect(text).not.toContain('lead new');
    expect(text).not.toContain('order new');
    expect(text).not.toContain('ar received');
    expect(text).not.toMatch(/^audit /m);
    expect(text).toMatch(/^funnel/m);
  });

  it('finance reads the audit log and records receipts; an admin also manages API keys and targets', async () => {
    const finance = await help('finance');
    expect(finance).toMatch(/^audit /m);
    expect(finance).toContain('ar received');
    expect(finance).not.toMatch(/^apikey/m);
    const admin = await help('admin');
    expect(admin).toMatch(/^apikey/m);
    expect(admin).toMatch(/^kpi target/m);
  });

  it('someone whose role grants nothing is offered no command that needs a permission', async () => {
    const text = await help('guest');
    expect(text).not.toContain('lead new');
    expect(text).not.toMatch(/^funnel/m);
    expect(text).not.toMatch(/^audit /m);
  });
});

describe('App Home shows only the sections the asker may see', () => {
  it('a rep: my leads, my approvals and my receivables', async () => {
    const view = await home('rep');
    expect(view).toContain('My open leads');
    expect(view).toContain('Waiting for my approval');
    expect(view).toContain('My receivables');
  });

  it('legal: the approvals waiting on them, no leads, no receivables', async () => {
    const view = await home('legal');
    expect(view).toContain('Waiting for my approval');
    expect(view).not.toContain('My open leads');
    expect(view).not.toContain('My receivables');
  });

  it('someone whose role grants nothing gets a pointer to help, not empty lists', async () => {
    const view = await home('guest');
    expect(view).toContain('Nothing here for your roles');
    expect(view).not.toContain('My open leads');
    expect(view).not.toContain('Waiting for my approval');
  });
});
