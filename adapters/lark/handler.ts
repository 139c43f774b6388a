// Owns what a verified Lark event or card callback does: the same app commands as every platform, answered the Lark way.
import { z } from 'zod';
import { dispatchAction } from '../../src/app/commands/dispatch-action.ts';
import {
  bareFormOfCommand,
  formHandlerOf,
  formOfCommand,
  openBareForm,
  openForm,
  reopenForm,
  submitForm,
} from '../../src/app/commands/forms.ts';
import { parseCommand } from '../../src/app/commands/parse-command.ts';
import { textCommands } from '../../src/app/commands/registry.ts';
import { runTextCommand } from '../../src/app/commands/run-text-command.ts';
import { localeOf, type UserActor } from '../../src/app/commands/types.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { rememberInboundEvent } from '../../src/app/inbound/remember-inbound-event.ts';
import type { AttachmentStore } from '../../src/app/orders/attach-file.ts';
import { findCardCopy } from '../../src/app/outbox/find-card-copy.ts';
import { queueReply } from '../../src/app/outbox/queue-reply.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { own } from '../../src/domain/own.ts';
import { helpCard } from '../../src/messages/catalogue/help.ts';
import { larkTexts } from '../../src/messages/catalogue/lark.ts';
import type { Card, Locale, PrivateReply } from '../../src/messages/model.ts';
import type { LarkClient } from './client.ts';
import { findInAppForm } from './find-products.ts';
import {
  APP_FORM_ACTION,
  APP_FORM_FIND_ACTION,
  appFormCard,
  appFormValues,
  commandForms,
  FORM_ACTION,
  formCard,
  formValues,
  readAppFormValue,
} from './forms.ts';
import { onLarkMessage } from './messages.ts';
import { larkUser } from './people.ts';
import { type LarkCard, promptFieldPrefix, renderCard } from './render.ts';
import { plainToast, replyCard, replyOf, type Toast, toastType } from './replies.ts';
import { privateDestination, sendLarkCard } from './transport.ts';

export interface InboundContext {
  deps: AppDeps;
  client: LarkClient;
  log: (what: string, error: unknown) => void;
  // Runs work after the answer has gone back: Lark wants every event answered within 3 s.
  later: (work: () => Promise<void>) => void;
  // How long a click may run before it is answered "working on it" and its card updated through the outbox instead.
  clickBudgetMs?: number;
  // Where files taken from chat are kept; without it thread replies and files fall through to the text commands.
  files?: AttachmentStore;
}

// Lark event schema 2.0: { schema, header: { event_id, event_type, token, … }, event }.
export const envelopeSchema = z.object({
  schema: z.literal('2.0'),
  header: z.object({
    event_id: z.string().min(1),
    event_type: z.string().min(1),
    token: z.string().optional(),
    create_time: z.string().optional(),
    app_id: z.string().optional(),
    tenant_key: z.string().optional(),
  }),
  event: z.record(z.string(), z.unknown()),
});
export type LarkEnvelope = z.infer<typeof envelopeSchema>;

const messageEvent = z.object({
  sender: z.object({
    sender_id: z.object({ open_id: z.string().min(1) }),
    sender_type: z.string().optional(),
  }),
  message: z.object({
    message_id: z.string().min(1),
    root_id: z.string().optional(),
    parent_id: z.string().optional(),
    chat_id: z.string().min(1),
    chat_type: z.string().optional(),
    message_type: z.string(),
    content: z.string(),
    mentions: z.array(z.object({ key: z.string() })).optional(),
  }),
});

const callbackValue = z.object({ action: z.string().min(1).max(100), value: z.string().min(1).max(200) });

const cardEvent = z.object({
  operator: z.object({ open_id: z.string().min(1) }),
  action: z.object({
    // An object in callback v2; older clients may send it JSON-encoded.
    value: z.preprocess((v) => {
      if (typeof v !== 'string') return v;
      try {
        return JSON.parse(v);
      } catch {
        return v;
      }
    }, callbackValue),
    form_value: z.record(z.string(), z.unknown()).optional(),
  }),
  context: z
    .object({ open_message_id: z.string().optional(), open_chat_id: z.string().optional() })
    .optional(),
});

const chatEvent = z.object({
  chat_id: z.string().min(1),
  operator_id: z.object({ open_id: z.string().optional() }).optional(),
});

export interface CallbackAnswer {
  toast?: Toast;
  card?: { type: 'raw'; data: LarkCard };
}

// "@_user_1 线索 新建 …" → "线索 新建 …": Lark writes mentions as placeholders listed in `mentions`.
export function commandText(content: string, mentions: { key: string }[] = []): string {
  let text = '';
  try {
    const parsed = JSON.parse(content) as { text?: unknown };
    text = typeof parsed.text === 'string' ? parsed.text : '';
  } catch {
    return '';
  }
  for (const m of mentions) text = text.split(m.key).join(' ');
  return text.replace(/@_user_\d+/g, ' ').trim();
}

// `receivedAt` (performance.now() when the request arrived) starts the clock on Lark's 3 s limit for a click.
export async function handleLarkEvent(
  ctx: InboundContext,
  envelope: LarkEnvelope,
  receivedAt: number = performance.now(),
): Promise<CallbackAnswer> {
  const { deps } = ctx;
  const type = envelope.header.event_type;
  if (type === 'card.action.trigger') {
    const click = async () =>
      (await rememberInboundEvent(deps, 'lark', envelope.header.event_id)) ? onCardAction(ctx, envelope) : {};
    return plainToast(await inTime(ctx, receivedAt, click()));
  }
  if (!(await rememberInboundEvent(deps, 'lark', envelope.header.event_id))) return {};
  if (type === 'im.message.receive_v1') {
    const parsed = messageEvent.safeParse(envelope.event);
    if (parsed.success) ctx.later(() => onMessage(ctx, parsed.data));
    return {};
  }
  if (type === 'im.chat.member.bot.added_v1' || type === 'im.chat.access_event.bot_p2p_chat_entered_v1') {
    const parsed = chatEvent.safeParse(envelope.event);
    if (parsed.success) ctx.later(() => onChatOpened(ctx, envelope.header.event_id, parsed.data));
    return {};
  }
  return {};
}

async function onMessage(ctx: InboundContext, event: z.infer<typeof messageEvent>): Promise<void> {
  const { deps } = ctx;
  // The bot's own messages and other apps' come back as events too.
  if (event.sender.sender_type && event.sender.sender_type !== 'user') return;
  if (ctx.files && (await onLarkMessage({ deps, client: ctx.client, files: ctx.files }, event))) return;
  const { message } = event;
  const text = message.message_type === 'text' ? commandText(message.content, message.mentions) : 'help';
  const refKey = `lark:reply:${message.message_id}`;
  // In a group the answer (a refusal too) is for the asker alone; a direct chat already is just them.
  const replyTo =
    message.chat_type === undefined || message.chat_type === 'p2p'
      ? message.chat_id
      : privateDestination(message.chat_id, event.sender.sender_id.open_id);
  let locale: Locale = deps.policy.org.locale;
  let reply: PrivateReply;
  let askerId: string | undefined;
  try {
    const user = await larkUser(deps, ctx.client, event.sender.sender_id.open_id);
    askerId = user.id;
    const actor: UserActor = { kind: 'user', user, via: 'lark' };
    locale = localeOf(deps, actor);
    const match = parseCommand(text, textCommands);
    const bare = match && match.args.positional.length === 0 && Object.keys(match.args.named).length === 0;
    const formName = match?.command.words[0];
    // "order edit SO-…" alone: that order's edit form, prefilled.
    const appForm = formOfCommand(text);
    if (appForm) {
      const form = await openForm(deps, actor, appForm.form, appForm.ref);
      await sendLarkCard(ctx.client, replyTo, appFormCard(form, {}, locale), `${refKey}:form`);
      return;
    }
    // Form cards carry inputs the message model has no words for; they go straight out, deduped by Lark on the uuid.
    if (bare && formName && own(commandForms, formName)) {
      await sendLarkCard(ctx.client, replyTo, formCard(formName, locale), `${refKey}:form`);
      return;
    }
    // "order new" alone: the same form as on Slack and the console (who it is for, lines, product pickers with Find).
    const bareForm = bareFormOfCommand(text);
    if (bareForm) {
      const form = await openBareForm(deps, actor, bareForm);
      await sendLarkCard(ctx.client, replyTo, appFormCard(form, {}, locale), `${refKey}:form`);
      return;
    }
    reply = await runTextCommand(deps, actor, text);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    reply = replyOf(error, locale);
  }
  await queueReply(deps, {
    platform: 'lark',
    destination: replyTo,
    refKey,
    locale,
    card: replyCard(reply, askerId),
  });
}

async function onChatOpened(
  ctx: InboundContext,
  eventId: string,
  event: z.infer<typeof chatEvent>,
): Promise<void> {
  const { deps } = ctx;
  let locale: Locale = deps.policy.org.locale;
  let reply: PrivateReply;
  try {
    const openId = event.operator_id?.open_id;
    const actor: UserActor | null = openId
      ? { kind: 'user', user: await larkUser(deps, ctx.client, openId), via: 'lark' }
      : null;
    if (actor) locale = localeOf(deps, actor);
    reply = actor ? await runTextCommand(deps, actor, 'help') : helpFor(deps, locale);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    reply = replyOf(error, locale);
  }
  await queueReply(deps, {
    platform: 'lark',
    destination: event.chat_id,
    refKey: `lark:welcome:${eventId}`,
    locale,
    card: replyCard(reply),
  });
}

// A group has no single reader: the help card in the org's language, with no roster lookup.
function helpFor(_deps: AppDeps, locale: Locale): PrivateReply {
  const usages = textCommands.map((c) => c.usage[locale]);
  return { text: usages.join('\n'), tone: 'info', card: helpCard(usages, locale) };
}

async function onCardAction(ctx: InboundContext, envelope: LarkEnvelope): Promise<CallbackAnswer> {
  const { deps } = ctx;
  const parsed = cardEvent.safeParse(envelope.event);
  if (!parsed.success) return {};
  const { operator, action, context } = parsed.data;
  const messageId = context?.open_message_id;
  let locale: Locale = deps.policy.org.locale;
  try {
    const user = await larkUser(deps, ctx.client, operator.open_id);
    const actor: UserActor = { kind: 'user', user, via: 'lark' };
    locale = localeOf(deps, actor);
    if (action.value.action === FORM_ACTION) {
      return await submitCommandForm(deps, actor, action.value.value, action.form_value ?? {});
    }
    if (action.value.action === APP_FORM_ACTION) {
      return await submitAppForm(deps, actor, action.value.value, action.form_value ?? {});
    }
    if (action.value.action === APP_FORM_FIND_ACTION)
      return await findInAppForm(deps, actor, action.value.value, action.form_value ?? {});
    // A button that opens a form (Edit): the form goes to the clicker's own chat with the bot, prefilled.
    if (formHandlerOf(action.value.action)) {
      const form = await openForm(deps, actor, action.value.action, action.value.value);
      await sendLarkCard(
        ctx.client,
        operator.open_id,
        appFormCard(form, {}, locale),
        `lark:form:${envelope.header.event_id}`,
      );
      return { toast: { type: 'info', content: form.title } };
    }
    const input = Object.entries(action.form_value ?? {}).find(([k]) => k.startsWith(promptFieldPrefix))?.[1];
    const work = dispatchAction(deps, actor, {
      action: action.value.action,
      entityId: action.value.value,
      ...(typeof input === 'string' ? { input } : {}),
    });
    const reply = await work;
    // A click answered with a card (Show more, a record view) sends it to the clicker's chat with the bot: a callback
    // answer can only redraw the clicked card, and a toast holds neither a page of a table nor its charts.
    if (reply.card)
      await queueReply(deps, {
        platform: 'lark',
        destination: operator.open_id,
        refKey: `lark:click:${envelope.header.event_id}`,
        locale,
        card: replyCard(reply, user.id),
      });
    // The clicker's card shows the state now. The outbox still edits this copy with the same content: an answer that
    // arrives after Lark's deadline is dropped, and the edit must not be lost with it.
    const updated = messageId ? (await findCardCopy(deps, 'lark', messageId))?.card : null;
    return {
      toast: { type: toastType[reply.tone], content: reply.text },
      ...(updated ? { card: { type: 'raw', data: renderCard(updated, locale) } } : {}),
    };
  } catch (error) {
    if (!(error instanceof DomainError)) {
      ctx.log('card.action.trigger', error);
      return { toast: { type: 'error', content: larkTexts(locale)('failed') } };
    }
    const reply = replyOf(error, locale);
    const toast: Toast = { type: toastType[reply.tone], content: reply.text };
    // A bad form input is shown on the card, next to the form it came from.
    if (error.field && messageId) {
      const copy = await findCardCopy(deps, 'lark', messageId);
      if (copy) {
        const formError = { action: action.value.action, text: reply.text };
        return { toast, card: { type: 'raw', data: renderCard(copy.card, copy.locale, { formError }) } };
      }
    }
    return { toast };
  }
}

// Lark drops an answer later than 3 s: past the budget (counted from the request's arrival) the click is answered
// "working on it" and runs on; its card still changes when the outbox delivers the edit.
async function inTime(
  ctx: InboundContext,
  receivedAt: number,
  work: Promise<CallbackAnswer>,
): Promise<CallbackAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const budget = Math.max(0, (ctx.clickBudgetMs ?? 2_000) - (performance.now() - receivedAt));
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), budget);
  });
  const outcome = await Promise.race([work, late]).finally(() => clearTimeout(timer));
  if (outcome !== null) return outcome;
  ctx.later(async () => {
    await work;
  });
  return { toast: { type: 'info', content: larkTexts(ctx.deps.policy.org.locale)('working') } };
}

async function submitCommandForm(
  deps: AppDeps,
  actor: UserActor,
  command: string,
  formValue: Record<string, unknown>,
): Promise<CallbackAnswer> {
  const locale = localeOf(deps, actor);
  const match = own(commandForms, command) ? parseCommand(command, textCommands) : null;
  if (!match)
    throw new DomainError('invalid', 'unknown_action', { action: `${FORM_ACTION} ${command}` }, 'action');
  const values = formValues(command, formValue);
  // The form runs the very command a person could type, e.g. "lead new name:… email:…".
  try {
    const reply = await match.command.run(deps, actor, { named: values, positional: [] });
    const title = larkTexts(locale)(own(commandForms, command)?.title ?? 'leadFormTitle');
    const done: Card = reply.card ?? { title, body: reply.text, fields: [], actions: [], tone: reply.tone };
    return {
      toast: { type: toastType[reply.tone], content: reply.text },
      // The form is replaced by the outcome, so it cannot be submitted twice.
      card: { type: 'raw', data: renderCard(done, locale) },
    };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const reply = replyOf(error, locale);
    const state = { values, error: { ...(error.field ? { field: error.field } : {}), text: reply.text } };
    return {
      toast: { type: toastType[reply.tone], content: reply.text },
      card: { type: 'raw', data: formCard(command, locale, state) },
    };
  }
}

// An app form's submit: the form is replaced by the outcome, or shown again with what was typed and the error under
// its field (the toast names the field too).
async function submitAppForm(
  deps: AppDeps,
  actor: UserActor,
  value: string,
  formValue: Record<string, unknown>,
): Promise<CallbackAnswer> {
  const locale = localeOf(deps, actor);
  const which = readAppFormValue(value);
  if (!which)
    throw new DomainError('invalid', 'unknown_action', { action: `${APP_FORM_ACTION} ${value}` }, 'action');
  const form = { ...(await reopenForm(deps, actor, which.form, which.entityId)), state: which.state };
  const values = appFormValues(form, formValue);
  try {
    const reply = await submitForm(deps, actor, which.form, {
      entityId: which.entityId,
      state: which.state,
      values,
    });
    return {
      toast: { type: toastType[reply.tone], content: reply.text },
      card: { type: 'raw', data: renderCard(replyCard(reply), locale) },
    };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const reply = replyOf(error, locale);
    const field = form.fields.find((f) => f.name === error.field);
    return {
      toast: { type: toastType[reply.tone], content: field ? `${field.label}: ${reply.text}` : reply.text },
      card: {
        type: 'raw',
        data: appFormCard(
          form,
          { values, error: { ...(field ? { field: field.name } : {}), text: reply.text } },
          locale,
        ),
      },
    };
  }
}
