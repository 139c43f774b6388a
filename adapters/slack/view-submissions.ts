// Owns what a submitted Slack modal does: the prompt (a reject reason), the lead and order modals, and app forms —
// each runs its use case before the ack, so a broken rule comes back inline under the field at fault.
import type { App, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { dispatchAction } from '../../src/app/commands/dispatch-action.ts';
import { submitForm } from '../../src/app/commands/forms.ts';
import { textCommands } from '../../src/app/commands/registry.ts';
import { localeOf, type UserActor } from '../../src/app/commands/types.ts';
import { pickedLineSpecs } from '../../src/app/orders/picked-lines.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { errorText } from '../../src/messages/catalogue/errors.ts';
import { slackTexts } from '../../src/messages/catalogue/slack.ts';
import type { PrivateReply } from '../../src/messages/model.ts';
import { plainText } from '../../src/messages/plain-text.ts';
import type { SlackInteraction } from './interaction.ts';
import { cut } from './render.ts';
import {
  callbacks,
  type FormContext,
  leadBlockOfField,
  leadFields,
  type ModalContext,
  type PromptContext,
  submittedValues,
} from './views.ts';

type Ack = (response?: { response_action: 'errors'; errors: Record<string, string> }) => Promise<void>;

export function registerViewSubmissions(app: App, { deps, person, sayPrivately }: SlackInteraction): void {
  // Runs a modal's use case before acknowledging, so a broken rule comes back inline on the field at fault.
  async function submit(
    ack: Ack,
    client: WebClient,
    body: ViewSubmitAction,
    context: ModalContext,
    blockOf: (error: DomainError) => string,
    work: (actor: UserActor) => Promise<PrivateReply>,
  ): Promise<void> {
    let locale = context.locale;
    try {
      const user = await person(client, body.user.id);
      const actor: UserActor = { kind: 'user', user, via: 'slack' };
      locale = localeOf(deps, actor);
      const reply = await work(actor);
      await ack();
      await sayPrivately(client, { user: body.user.id, channel: context.channel }, reply, locale);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await ack({
        response_action: 'errors',
        // Slack shows a field's error as plain text: the words as the markdown would read, no marks.
        errors: { [blockOf(error)]: cut(plainText(errorText(error, locale)), 2000) },
      });
    }
  }

  const commandOf = (words: string) => {
    const found = textCommands.find((c) => c.words[0] === words);
    if (!found) throw new Error(`no "${words}" command is registered`);
    return found;
  };

  app.view<ViewSubmitAction>(callbacks.prompt, async ({ ack, body, view, client }) => {
    const context = JSON.parse(view.private_metadata) as PromptContext;
    const text = submittedValues(view).input ?? '';
    if ([...text].length < context.minLength) {
      const t = slackTexts(context.locale);
      await ack({
        response_action: 'errors',
        errors: { input: t('prompt_too_short', { min: context.minLength }) },
      });
      return;
    }
    await submit(
      ack,
      client,
      body,
      context,
      () => 'input',
      (actor) =>
        dispatchAction(deps, actor, { action: context.action, entityId: context.entityId, input: text }),
    );
  });

  app.view<ViewSubmitAction>(callbacks.leadNew, async ({ ack, body, view, client }) => {
    const context = JSON.parse(view.private_metadata) as ModalContext;
    const named = submittedValues(view);
    const blockOf = (e: DomainError) => {
      const block = e.field ? (leadBlockOfField[e.field] ?? e.field) : 'name';
      return (leadFields as readonly string[]).includes(block) ? block : 'name';
    };
    await submit(ack, client, body, context, blockOf, (actor) =>
      commandOf('lead new').run(deps, actor, { named, positional: [] }),
    );
  });

  app.view<ViewSubmitAction>(callbacks.leadLog, async ({ ack, body, view, client }) => {
    const context = JSON.parse(view.private_metadata) as ModalContext;
    const values = submittedValues(view);
    // A missing lead or an unknown, closed or someone else's lead is the lead field's fault.
    const blockOf = (e: DomainError) =>
      e.field === 'kind' ? 'kind' : e.field === 'note' ? 'note' : 'number';
    await submit(ack, client, body, context, blockOf, (actor) =>
      commandOf('lead log').run(deps, actor, {
        named: values.note ? { note: values.note } : {},
        positional: [values.number ?? '', values.kind ?? ''].filter(Boolean),
      }),
    );
  });

  const orderBlocks: Record<string, string> = {
    customer: 'customer',
    lead: 'lead',
    line: 'line',
    lines: 'line',
    sku: 'line',
    qty: 'line',
    price: 'line',
    plan: 'plan',
    paymentPlan: 'plan',
    terms: 'terms',
  };

  app.view<ViewSubmitAction>(callbacks.orderNew, async ({ ack, body, view, client }) => {
    const context = JSON.parse(view.private_metadata) as ModalContext;
    const values = submittedValues(view);
    if (!values.customer && !values.lead) {
      await ack({
        response_action: 'errors',
        errors: { customer: slackTexts(context.locale)('order_source_missing') },
      });
      return;
    }
    // The picker rows join the typed lines as "SKU*quantity"; the command never sees their inputs.
    const typed = Object.fromEntries(Object.entries(values).filter(([k]) => !/^(product|qty)_\d+$/.test(k)));
    const typedLines = (values.line ?? '')
      .split(/\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    const blockOf = (e: DomainError) =>
      (e.field && (orderBlocks[e.field] ?? (/^(product|qty)_\d+$/.test(e.field) ? e.field : undefined))) ||
      (e.code.startsWith('order_lead') ? 'lead' : e.code.startsWith('order_customer') ? 'customer' : 'line');
    await submit(ack, client, body, context, blockOf, (actor) => {
      const named = { ...typed, line: [...typedLines, ...pickedLineSpecs(values)].join(',') };
      return commandOf('order new').run(deps, actor, { named, positional: [] });
    });
  });

  app.view<ViewSubmitAction>(callbacks.form, async ({ ack, body, view, client }) => {
    const context = JSON.parse(view.private_metadata) as FormContext;
    const values = submittedValues(view);
    const blocks = Object.keys(view.state.values);
    // The app names the form field at fault; anything else (a refusal, a lost race) is shown on the first field.
    const blockOf = (e: DomainError) =>
      e.field && blocks.includes(e.field) ? e.field : (blocks[0] ?? 'input');
    await submit(ack, client, body, context, blockOf, (actor) =>
      submitForm(deps, actor, context.form, { entityId: context.entityId, state: context.state, values }),
    );
  });
}
