import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackPlugin } from '../../../adapters/slack/plugin.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { importRoster } from '../../../src/app/roster/import-roster.ts';
import { buildServer } from '../../../src/http/server.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';
import { until } from './slack-fixture.ts';

// `ws` ships with @slack/socket-mode but without types: only what this test uses is described.
interface Socket {
  send(data: string): void;
  on(event: 'message', listener: (data: Buffer) => void): void;
}
interface WsServer {
  on(event: 'connection', listener: (socket: Socket) => void): void;
  once(event: 'listening', listener: () => void): void;
  address(): AddressInfo;
  close(): void;
  clients: Set<{ terminate(): void }>;
}
const { WebSocketServer } = createRequire(import.meta.url)('ws') as {
  WebSocketServer: new (options: { port: number; host: string }) => WsServer;
};

let database: TestDatabase;
let deps: AppDeps;
let slack: FakeSlack;
let wss: WsServer;
let app: FastifyInstance;
let socket: Socket | undefined;
const acks: { envelope_id: string; payload: unknown }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { platforms: ['console', 'slack'] });
  await importRoster(
    deps,
    { kind: 'system', name: 'test' },
    'name,email,roles,region,manager_email,slack_user_id,locale\nAmy Rep,amy@example.cn,rep,east,,U0AMY,en\n',
  );
  slack = await startFakeSlack();
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  wss.on('connection', (s) => {
    socket = s;
    s.on('message', (data) => acks.push(JSON.parse(data.toString())));
    s.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0CLOSELOOP' } }));
  });
  slack.script('apps.connections.open', {
    body: { ok: true, url: `ws://127.0.0.1:${wss.address().port}/link` },
  });
  // Socket Mode only: no signing secret, so no HTTP route either.
  app = await buildServer({
    deps,
    api: [],
    adapters: [
      slackPlugin(
        { botToken: 'xoxb-test', appToken: 'xapp-1-test', apiUrl: slack.apiUrl },
        { linkPeopleOnStart: false },
      ),
    ],
    health: {},
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  for (const c of wss.clients) c.terminate();
  wss.close();
  await slack.close();
  await database.close();
});

function envelope(id: string, retry: number) {
  return JSON.stringify({
    envelope_id: id,
    type: 'events_api',
    accepts_response_payload: false,
    retry_attempt: retry,
    retry_reason: retry > 0 ? 'timeout' : '',
    payload: {
      token: 'legacy',
      team_id: 'T0ACME',
      api_app_id: 'A0CLOSELOOP',
      type: 'event_callback',
      event_id: 'Ev0SOCKET1',
      event_time: 1_700_000_000,
      event: {
        type: 'app_home_opened',
        user: 'U0AMY',
        channel: 'D0AMY',
        tab: 'home',
        event_ts: '1700000000.1',
      },
    },
  });
}

describe('Socket Mode', () => {
  it('opens the connection with the app token and runs events through the same handlers, deduped', async () => {
    const open = slack.callsTo('apps.connections.open');
    expect(open.map((c) => c.authorization)).toEqual(['Bearer xapp-1-test']);
    expect(app.hasRoute({ method: 'POST', url: '/slack/events' })).toBe(false);
    const ws = await until(() => socket, 'the WebSocket connection');

    ws.send(envelope('env-1', 0));
    const publish = await until(() => slack.callsTo('views.publish')[0], 'views.publish');
    expect(publish.args.user_id).toBe('U0AMY');
    await until(() => acks.find((a) => a.envelope_id === 'env-1'), 'the ack of env-1');

    ws.send(envelope('env-2', 1));
    await until(() => acks.find((a) => a.envelope_id === 'env-2'), 'the ack of the retry');
    await new Promise((r) => setTimeout(r, 100));
    expect(slack.callsTo('views.publish')).toHaveLength(1);
    expect(await countRows(database, 'inbound_events')).toBe(1);
  });
});
