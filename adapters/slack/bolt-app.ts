// Owns what closeloop does with each Slack interaction: clicks, slash commands, modal submissions, App Home — for HTTP and Socket Mode alike.
import { App, type BlockAction, type ButtonAction, LogLevel, type Receiver } from '@slack/bolt';
import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import { dispatchAction } from '../../src/app/commands/dispatch-action.ts';
import { formHandlerOf, formOfCommand, openForm } from '../../src/app/commands/forms.ts';
import { runTextCommand } from '../../src/app/commands/run-text-command.ts';
import { localeOf, type UserActor } from '../../src/app/commands/types.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { chatFileMaxBytes } from '../../src/app/files/take-chat-file.ts';
import { rememberInboundEvent } from '../../src/app/inbound/remember-inbound-event.ts';
import { findUser } from '../../src/app/roster/find-user.ts';
import type { ChartRenderer } from '../../src/charts/chart-renderer.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { labelBook } from '../../src/domain/labels.ts';
import { errorText } from '../../src/messages/catalogue/errors.ts';
import type { Locale, PrivateReply } from '../../src/messages/model.ts';
import type { SlackConfig } from './config.ts';
import { publishHome } from './home.ts';
import type { SlackInteraction } from './interaction.ts';
import { registerSlackMessages } from './messages.ts';
import { slackPersonOf } from './people.ts';
import { actionNameOf, readButtonValue, renderReply } from './render.ts';
import { registerSuggestions } from './suggestions.ts';
import { slackClientOptions } from './transport.ts';
import { slackChartImages } from './upload-chart.ts';
import { sendReplyFile } from './upload-file.ts';
import { registerViewSubmissions } from './view-submissions.ts';
import {
  type FormContext,
  formModal,
  leadLogModal,
  leadModal,
  type ModalContext,
  orderModal,
  type PromptContext,
  promptModal,
} from './views.ts';

export const slashCommands = ['/lead', '/order', '/ar', '/kpi', '/closeloop'] as const;

const newWords = new Set(['new', '新建', '新增']);

// After an ack, let every acknowledgement already due go out before this request's real work takes the CPU.
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface SlackAppOptions {
  deps: AppDeps;
  config: Pick<SlackConfig, 'botToken' | 'apiUrl' | 'dataDir'>;
  receiver: Receiver;
  onError: (error: unknown) => void;
  // Waits, after a click's or command's ack, until the acks of requests already received are out (HTTP receiver).
  afterAck?: () => Promise<void>;
  // Draws the charts of a reply card; without it a chart shows as its alt text.
  charts?: ChartRenderer | undefined;
}

export function createSlackApp({
  deps,
  config,
  receiver,
  onError,
  afterAck = nextTurn,
  charts,
}: SlackAppOptions): App {
  const app = new App({
    receiver,
    // One workspace, one bot token: no auth.test round trip before the first ack.
    authorize: async () => ({ botToken: config.botToken }),
    clientOptions: slackClientOptions(config),
    ignoreSelf: false,
    logLevel: LogLevel.ERROR,
  });
  const orgLocale = deps.policy.org.locale;

  // Slack resends an event it thinks was missed (x-slack-retry-num); the event_id makes the second one a no-op.
  // A click, command or modal submission is never resent by Slack, but a captured one stays validly signed for the
  // 5-minute window (and Socket Mode redelivers an unacknowledged envelope): its trigger_id, one per interaction,
  // lets only the first copy through; a copy gets an empty 200 and changes nothing.
  app.use(async ({ body, next }) => {
    const b = body as { type?: string; event_id?: unknown; trigger_id?: unknown; command?: unknown };
    if (b.type === 'event_callback' && typeof b.event_id === 'string') {
      if (!(await rememberInboundEvent(deps, 'slack', b.event_id))) return;
    }
    const interaction =
      typeof b.command === 'string' || b.type === 'block_actions' || b.type === 'view_submission';
    if (interaction && typeof b.trigger_id === 'string') {
      if (!(await rememberInboundEvent(deps, 'slack:trigger', b.trigger_id))) return;
    }
    await next();
  });

  app.error(async (error) => onError(error));

  const person = (client: WebClient, slackUserId: string) => slackPersonOf(deps, client, slackUserId);

  // The language for a modal opened before anything slow: a local lookup, never a Slack call.
  const quickLocale = async (slackUserId: string): Promise<Locale> => {
    const user = await findUser(deps, { by: 'slack', id: slackUserId });
    return user ? localeOf(deps, { kind: 'user', user }) : orgLocale;
  };

  // Runs one command as the Slack user; a broken rule becomes a private reply in their language.
  async function runAs(
    client: WebClient,
    slackUserId: string,
    work: (actor: UserActor) => Promise<PrivateReply>,
  ): Promise<{ reply: PrivateReply; locale: Locale }> {
    let locale = orgLocale;
    try {
      const user = await person(client, slackUserId);
      const actor: UserActor = { kind: 'user', user, via: 'slack' };
      locale = localeOf(deps, actor);
      return { reply: await work(actor), locale };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return {
        reply: { text: errorText(error, locale), tone: error.kind === 'invalid' ? 'danger' : 'warning' },
        locale,
      };
    }
  }

  // Only the clicker sees it: ephemeral where they clicked, else a direct message from the bot.
  async function sayPrivately(
    client: WebClient,
    where: { user: string; channel?: string | undefined },
    reply: PrivateReply,
    locale: Locale,
  ): Promise<void> {
    const message = renderReply(reply, locale, await slackChartImages(client, charts, reply.card, locale));
    if (where.channel) {
      try {
        await client.chat.postEphemeral({ channel: where.channel, user: where.user, ...message });
        return;
      } catch (error) {
        // Not in that channel (a private channel the bot left): fall back to the DM.
        if (!(error instanceof WebAPIPlatformError)) throw error;
      }
    }
    await client.chat.postMessage({ channel: where.user, ...message });
  }

  // Opens an app form (prefilled from the entity) in a modal; a refusal (not the owner, cancelled) is said privately.
  async function openFormModal(
    client: WebClient,
    triggerId: string,
    slackUserId: string,
    which: { form: string; ref: string },
    channel: string | undefined,
  ): Promise<void> {
    let locale = orgLocale;
    try {
      const actor: UserActor = { kind: 'user', user: await person(client, slackUserId), via: 'slack' };
      locale = localeOf(deps, actor);
      const form = await openForm(deps, actor, which.form, which.ref);
      const context: FormContext = {
        form: form.id,
        entityId: form.entityId,
        state: form.state,
        locale,
        ...(channel ? { channel } : {}),
      };
      await client.views.open({ trigger_id: triggerId, view: formModal(form, context) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const tone = error.kind === 'invalid' ? 'danger' : 'warning';
      await sayPrivately(
        client,
        { user: slackUserId, channel },
        { text: errorText(error, locale), tone },
        locale,
      );
    }
  }

  app.action<BlockAction>({ type: 'block_actions' }, async ({ ack, body, action, client }) => {
    await ack();
    await afterAck();
    if (action.type !== 'button') return;
    const button = action as ButtonAction;
    const name = actionNameOf(button.action_id);
    const value = readButtonValue(button.value ?? '');
    const slackUser = body.user.id;
    const inMessage = body.container?.type === 'message' && !body.container?.is_ephemeral;
    const channel = inMessage ? (body.channel?.id ?? body.container?.channel_id) : undefined;

    if (value.prompt) {
      // trigger_id lives 3 seconds: the modal opens before anything else happens.
      const context: PromptContext = {
        action: name,
        entityId: value.entityId,
        minLength: value.prompt.minLength ?? 1,
        locale: value.prompt.locale,
        ...(channel ? { channel } : {}),
      };
      await client.views.open({ trigger_id: body.trigger_id, view: promptModal(value.prompt, context) });
      return;
    }
    if (formHandlerOf(name)) {
      await openFormModal(client, body.trigger_id, slackUser, { form: name, ref: value.entityId }, channel);
      return;
    }
    const { reply, locale } = await runAs(client, slackUser, (actor) =>
      dispatchAction(deps, actor, { action: name, entityId: value.entityId }),
    );
    await sayPrivately(client, { user: slackUser, channel }, reply, locale);
    if (body.view?.type === 'home') await publishHome(deps, client, slackUser);
  });

  app.command(/^\/(lead|order|ar|kpi|closeloop)$/, async ({ ack, command, client, respond }) => {
    await ack();
    const verb = command.command.slice(1);
    const text = command.text.trim();
    // "/lead log" alone, or with just the lead, asks for the rest in a modal.
    const logging = verb === 'lead' ? /^(?:log|跟进)(?:\s+(\S+))?$/i.exec(text) : null;
    if (logging) {
      const context: ModalContext = {
        channel: command.channel_id,
        locale: await quickLocale(command.user_id),
      };
      await client.views.open({ trigger_id: command.trigger_id, view: leadLogModal(context, logging[1]) });
      return;
    }
    // "/order edit SO-…" alone opens that order's edit form.
    const formRef = verb === 'closeloop' ? null : formOfCommand(`${verb} ${text}`);
    if (formRef) {
      await openFormModal(client, command.trigger_id, command.user_id, formRef, command.channel_id);
      return;
    }
    if ((verb === 'lead' || verb === 'order') && newWords.has(text.toLowerCase())) {
      const context: ModalContext = {
        channel: command.channel_id,
        locale: await quickLocale(command.user_id),
      };
      await client.views.open({
        trigger_id: command.trigger_id,
        view:
          verb === 'lead'
            ? leadModal(context)
            : orderModal(context, Object.keys(deps.policy.paymentPlans), labelBook(deps.policy.labels)),
      });
      return;
    }
    await afterAck();
    const line = verb === 'closeloop' ? text : `${verb} ${text}`.trim();
    const { reply, locale } = await runAs(client, command.user_id, (actor) =>
      runTextCommand(deps, actor, line),
    );
    const images = await slackChartImages(client, charts, reply.card, locale);
    await respond({ response_type: 'ephemeral', ...renderReply(reply, locale, images) });
    const file = reply.file;
    if (file) {
      const { reply: failed } = await runAs(client, command.user_id, async (actor) => {
        await sendReplyFile(deps, client, actor, command.user_id, file, locale);
        return { text: '', tone: 'success' };
      });
      if (failed.text) await respond({ response_type: 'ephemeral', ...renderReply(failed, locale) });
    }
  });

  const slack: SlackInteraction = { deps, person, sayPrivately };
  registerViewSubmissions(app, slack);
  registerSuggestions(app, slack);

  // Thread replies and files need somewhere to keep attachments; production always has the data directory.
  if (config.dataDir) {
    registerSlackMessages(app, {
      deps,
      botToken: config.botToken,
      files: { dataDir: config.dataDir, maxBytes: chatFileMaxBytes },
    });
  }

  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await publishHome(deps, client, event.user);
  });

  return app;
}
