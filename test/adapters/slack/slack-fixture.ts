// Builds requests exactly as Slack sends and signs them, and a server with the Slack adapter over a fresh database.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { SlackConfig } from '../../../adapters/slack/config.ts';
import { slackPlugin } from '../../../adapters/slack/plugin.ts';
import { signatureOf } from '../../../adapters/slack/receiver.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import type { Transport } from '../../../src/app/transport.ts';
import { buildServer } from '../../../src/http/server.ts';
import type { FakeSlack } from './fake-slack.ts';

export const signingSecret = '8f742231b10e8888abcd99yyyzzz85a5';

export function slackConfig(slack: FakeSlack): SlackConfig {
  return { botToken: 'xoxb-test-token', signingSecret, apiUrl: slack.apiUrl };
}

export function slackServer(
  deps: AppDeps,
  slack: FakeSlack,
  transport?: Transport,
): Promise<FastifyInstance> {
  return buildServer({
    deps,
    api: [],
    adapters: [slackPlugin(slackConfig(slack), { linkPeopleOnStart: false, transport })],
    health: {},
  });
}

export interface SignOptions {
  // Seconds since the epoch; defaults to the deps clock.
  timestamp?: number;
  secret?: string;
  headers?: Record<string, string>;
}

export interface Delivery {
  contentType: 'application/json' | 'application/x-www-form-urlencoded';
  body: string;
}

export async function send(
  app: FastifyInstance,
  deps: AppDeps,
  delivery: Delivery,
  options: SignOptions = {},
): Promise<LightMyRequestResponse> {
  const timestamp = String(options.timestamp ?? Math.floor(deps.clock.now().getTime() / 1000));
  return app.inject({
    method: 'POST',
    url: '/slack/events',
    headers: {
      'content-type': delivery.contentType,
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signatureOf(options.secret ?? signingSecret, timestamp, delivery.body),
      ...options.headers,
    },
    payload: delivery.body,
  });
}

const team = { id: 'T0ACME', domain: 'acme' };

// Slack gives every interaction its own trigger_id, so two clicks or commands are never the same bytes.
let interactions = 0;
const triggerId = () => `${13345224609 + ++interactions}.738474920.${Date.now().toString(16)}`;

function interactivity(payload: object): Delivery {
  return {
    contentType: 'application/x-www-form-urlencoded',
    body: `payload=${encodeURIComponent(JSON.stringify(payload))}`,
  };
}

export interface ClickOptions {
  // The channel of the message clicked; absent for a click on App Home.
  channel?: string;
  responseUrl?: string;
}

export function click(user: string, actionId: string, value: string, where: ClickOptions): Delivery {
  const inMessage = where.channel !== undefined;
  return interactivity({
    type: 'block_actions',
    team,
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: team.id },
    api_app_id: 'A0CLOSELOOP',
    token: 'legacy-verification-token',
    trigger_id: triggerId(),
    container: inMessage
      ? { type: 'message', message_ts: '1700000000.000001', channel_id: where.channel, is_ephemeral: false }
      : { type: 'view', view_id: 'V0HOME' },
    ...(inMessage
      ? {
          channel: { id: where.channel, name: 'leads' },
          message: { type: 'message', ts: '1700000000.000001', text: 'card', blocks: [] },
        }
      : { view: { id: 'V0HOME', type: 'home', blocks: [], private_metadata: '', callback_id: '' } }),
    ...(where.responseUrl ? { response_url: where.responseUrl } : {}),
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'Button', emoji: true },
        value,
        action_ts: '1700000001.000002',
      },
    ],
  });
}

// A select menu asking for its options as the person types (external_select in a modal): no trigger_id, answered
// in the HTTP response.
// `privateMetadata` is the modal's own (an app form's context, naming the order the picker is for).
export function suggestion(
  user: string,
  actionId: string,
  value: string,
  where: { blockId?: string; privateMetadata?: string } = {},
): Delivery {
  return interactivity({
    type: 'block_suggestion',
    team,
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: team.id },
    api_app_id: 'A0CLOSELOOP',
    token: 'legacy-verification-token',
    action_id: actionId,
    block_id: where.blockId ?? 'customer',
    value,
    container: { type: 'view', view_id: 'V0ORDER' },
    view: {
      id: 'V0ORDER',
      type: 'modal',
      blocks: [],
      private_metadata: where.privateMetadata ?? '',
      callback_id: 'order.new',
    },
  });
}

export function slash(user: string, command: string, text: string, responseUrl: string): Delivery {
  const form = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: team.id,
    team_domain: team.domain,
    channel_id: 'C0LEADSEAST',
    channel_name: 'leads-east',
    user_id: user,
    user_name: user.toLowerCase(),
    command,
    text,
    api_app_id: 'A0CLOSELOOP',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId(),
  });
  return { contentType: 'application/x-www-form-urlencoded', body: form.toString() };
}

// Inputs of a submitted modal by block id; a select is given as { option: value }.
export function submission(
  user: string,
  callbackId: string,
  privateMetadata: string,
  inputs: Record<string, string | { option: string }>,
): Delivery {
  const values = Object.fromEntries(
    Object.entries(inputs).map(([blockId, v]) => [
      blockId,
      typeof v === 'string'
        ? { value: { type: 'plain_text_input', value: v } }
        : {
            value: {
              type: 'static_select',
              selected_option: { text: { type: 'plain_text', text: v.option }, value: v.option },
            },
          },
    ]),
  );
  return interactivity({
    type: 'view_submission',
    team,
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: team.id },
    api_app_id: 'A0CLOSELOOP',
    token: 'legacy-verification-token',
    trigger_id: triggerId(),
    view: {
      id: 'V0MODAL',
      team_id: team.id,
      type: 'modal',
      callback_id: callbackId,
      private_metadata: privateMetadata,
      state: { values },
      hash: '156772938.1827394',
      blocks: [],
    },
    response_urls: [],
  });
}

export function event(eventId: string, inner: Record<string, unknown>): Delivery {
  return {
    contentType: 'application/json',
    body: JSON.stringify({
      token: 'legacy-verification-token',
      team_id: team.id,
      api_app_id: 'A0CLOSELOOP',
      event: inner,
      type: 'event_callback',
      event_id: eventId,
      event_time: 1_700_000_000,
    }),
  };
}

// Work after the ack runs on; a test waits for the Slack call it expects, never for a fixed time.
export async function until<T>(look: () => T | undefined | false, what: string): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const found = look();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never saw ${what}`);
}
