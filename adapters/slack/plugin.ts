// Owns mounting Slack on the server: POST /slack/events in HTTP mode, the Socket Mode connection when an app token is set.
import { SocketModeReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Transport } from '../../src/app/transport.ts';
import type { DepsPlugin } from '../../src/http/server.ts';
import { createSlackApp } from './bolt-app.ts';
import type { SlackConfig } from './config.ts';
import { publishHome } from './home.ts';
import { linkRosterBySlackEmail } from './people.ts';
import {
  type AckBody,
  acknowledgedFirst,
  FastifyReceiver,
  isSignedBySlack,
  parseSlackBody,
} from './receiver.ts';
import { deliveryKeyOf, RecentDeliveries } from './recent-deliveries.ts';
import { isSlackTransport, slackClientOptions } from './transport.ts';

export const slackEventsPath = '/slack/events';

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export interface SlackPluginOptions {
  // Look everyone on the roster up by email once the server is ready, so cards reach people before they first click.
  linkPeopleOnStart?: boolean;
  // The Slack transport of this process: its cards to a person's DM republish that person's App Home.
  transport?: Transport | undefined;
  // How many acknowledged clicks, commands and events run at once (the rest queue).
  workConcurrency?: number;
}

export function slackPlugin(config: SlackConfig, options: SlackPluginOptions = {}): DepsPlugin {
  return async (app, { deps }) => {
    const onError = (error: unknown) => app.log.error({ err: error }, 'slack');
    const receiver = new FastifyReceiver(onError, { workConcurrency: options.workConcurrency });
    const recent = new RecentDeliveries(() => deps.clock.now().getTime());
    const bolt = createSlackApp({
      deps,
      config,
      receiver,
      onError,
      afterAck: () => receiver.acksSent(),
      charts: isSlackTransport(options.transport) ? options.transport.charts : undefined,
    });

    const transport = options.transport;
    if (isSlackTransport(transport)) {
      const detach = transport.homes.attach(
        (slackUserId) => publishHome(deps, transport.client, slackUserId),
        onError,
      );
      app.addHook('onClose', detach);
    }

    if (options.linkPeopleOnStart ?? true) {
      let closing = false;
      let linking: Promise<unknown> = Promise.resolve();
      app.addHook('onReady', async () => {
        const client = new WebClient(config.botToken, slackClientOptions(config));
        linking = linkRosterBySlackEmail(deps, client, { stopped: () => closing }).catch(onError);
      });
      app.addHook('onClose', async () => {
        closing = true;
        await linking;
      });
    }

    // Socket Mode feeds the same Bolt app, so both modes run one set of listeners.
    if (config.appToken) {
      const socket = new SocketModeReceiver({
        appToken: config.appToken,
        installerOptions: { clientOptions: { slackApiUrl: config.apiUrl } },
      });
      socket.init(bolt);
      app.addHook('onReady', async () => {
        await socket.start();
      });
      app.addHook('onClose', async () => {
        await socket.stop();
      });
    }
    const signingSecret = config.signingSecret;
    if (!signingSecret) return;

    await app.register(async (scope) => {
      // The signature covers the exact bytes, so this route reads every body as a raw string.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

      // Only Slack's servers call this route and no browser renders its answer, so the browser security headers
      // (helmet builds its policy afresh on every request) would only slow each ack.
      scope.post(slackEventsPath, { schema: { hide: true }, helmet: false }, async (request, reply) => {
        receiver.arrived();
        const rawBody = typeof request.body === 'string' ? request.body : '';
        const signed = isSignedBySlack({
          signingSecret,
          rawBody,
          timestamp: header(request.headers['x-slack-request-timestamp']),
          signature: header(request.headers['x-slack-signature']),
          nowMs: deps.clock.now().getTime(),
        });
        if (!signed) return reply.code(401).send({ error: 'invalid_signature' });
        const body = parseSlackBody(rawBody, request.headers['content-type']);
        if (!body) return reply.code(400).send({ error: 'unreadable_body' });
        if (body.type === 'url_verification') return reply.send({ challenge: body.challenge });
        if (body.ssl_check) return reply.send('');

        // A copy this process has answered before gets the same empty 200 and goes no further. A copy first seen
        // here (another process took the original, or this one forgot it) is refused by the durable check in
        // bolt-app.ts before its listener runs, so it too changes nothing.
        const key = deliveryKeyOf(body);
        if (key !== null && !recent.first(key)) return reply.code(200).send('');

        const retryHeader = Number(header(request.headers['x-slack-retry-num']));
        const retry = Number.isInteger(retryHeader) ? retryHeader : undefined;
        const retryReason = header(request.headers['x-slack-retry-reason']);
        // Clicks, commands and events are answered before any database work; their work queues behind the answer.
        if (acknowledgedFirst(body)) {
          receiver.enqueue(body, retry, retryReason);
          return reply.code(200).send('');
        }
        const ack: AckBody = await receiver.dispatch(body, retry, retryReason);
        if (ack === undefined || ack === '') return reply.code(200).send('');
        if (typeof ack === 'string') return reply.code(200).type('text/plain; charset=utf-8').send(ack);
        return reply.code(200).send(ack);
      });
    });
  };
}
