// Owns the Slack views: the modals (new lead, new order, log a follow-up, a prompt such as a reject reason) and the App Home tab.
import type { types } from '@slack/bolt';
import type { LabelBook } from '../../src/domain/labels.ts';
import { nameText } from '../../src/messages/catalogue/names.ts';
import { productPickFields } from '../../src/messages/catalogue/orders/product-picks.ts';
import { slackTexts } from '../../src/messages/catalogue/slack.ts';
import type { Card, Form, FormField, Locale, Prompt } from '../../src/messages/model.ts';
import { type Block, cut, limits, mrkdwn, plain, renderCards } from './render.ts';

export const callbacks = {
  leadNew: 'closeloop.lead_new',
  orderNew: 'closeloop.order_new',
  prompt: 'closeloop.prompt',
  leadLog: 'closeloop.lead_log',
  form: 'closeloop.form',
} as const;

// Every input's element carries this action id; the block id names the field, so errors can point at it.
export const valueActionId = 'value';
export const customerOptionsActionId = 'order_customer';
export const productOptionsActionId = 'order_product';

// A field that suggests records is a picker served from the options route; its initial value shows as itself.
function suggestElement(field: FormField & { suggest: 'customers' | 'products' }): types.InputBlockElement {
  const value = field.value?.trim();
  return {
    type: 'external_select',
    action_id: field.suggest === 'products' ? productOptionsActionId : customerOptionsActionId,
    min_query_length: 1,
    ...(field.hint ? { placeholder: plain(field.hint, 150) } : {}),
    ...(value
      ? { initial_option: { text: { type: 'plain_text', text: cut(value, 75) }, value: cut(value, 150) } }
      : {}),
  };
}

// Where the modal was opened from, so the outcome can be said privately in the same place.
export interface ModalContext {
  channel?: string;
  locale: Locale;
}

export interface PromptContext extends ModalContext {
  action: string;
  entityId: string;
  minLength: number;
}

// Modal titles and buttons are at most 24 characters.
const modalText = (text: string) => plain(text, 24);

function input(
  blockId: string,
  label: string,
  element: types.InputBlockElement,
  options: { optional?: boolean; hint?: string } = {},
): types.InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, 2000),
    element,
    optional: options.optional ?? false,
    ...(options.hint ? { hint: plain(options.hint, 2000) } : {}),
  };
}

function textInput(options: { multiline?: boolean; placeholder?: string; maxLength?: number } = {}) {
  return {
    type: 'plain_text_input' as const,
    action_id: valueActionId,
    multiline: options.multiline ?? false,
    ...(options.maxLength ? { max_length: options.maxLength } : {}),
    ...(options.placeholder ? { placeholder: plain(options.placeholder, 150) } : {}),
  };
}

function modal(callbackId: string, title: string, blocks: Block[], context: ModalContext): types.ModalView {
  const t = slackTexts(context.locale);
  return {
    type: 'modal',
    callback_id: callbackId,
    title: modalText(title),
    submit: modalText(t('submit')),
    close: modalText(t('cancel')),
    private_metadata: JSON.stringify(context),
    blocks,
  };
}

// Block ids are the "lead new" command's keys, so the modal runs the very command a person could type.
export const leadFields = [
  'name',
  'company',
  'email',
  'phone',
  'region',
  'industry',
  'province',
  'city',
  'size',
  'deal',
  'currency',
  'language',
  'note',
] as const;

// The lead's fields an error may name, as the modal's blocks name them.
export const leadBlockOfField: Readonly<Record<string, (typeof leadFields)[number]>> = {
  companySize: 'size',
  dealSize: 'deal',
  dealCurrency: 'currency',
};

export function leadModal(context: ModalContext): types.ModalView {
  const t = slackTexts(context.locale);
  return modal(
    callbacks.leadNew,
    t('lead_new_title'),
    [
      input('name', t('lead_name'), textInput({ maxLength: 200 })),
      input('company', t('lead_company'), textInput({ maxLength: 200 }), { optional: true }),
      input('email', t('lead_email'), textInput({ maxLength: 200 }), { optional: true }),
      input('phone', t('lead_phone'), textInput({ maxLength: 50 }), { optional: true }),
      input('region', t('lead_region'), textInput({ maxLength: 50 }), { optional: true }),
      input('industry', t('lead_industry'), textInput({ maxLength: 50 }), { optional: true }),
      input('province', t('lead_province'), textInput({ maxLength: 50 }), { optional: true }),
      input('city', t('lead_city'), textInput({ maxLength: 50 }), { optional: true }),
      input('size', t('lead_size'), textInput({ maxLength: 30 }), {
        optional: true,
        hint: t('lead_size_hint'),
      }),
      input('deal', t('lead_deal'), textInput({ maxLength: 40 }), {
        optional: true,
        hint: t('lead_deal_hint'),
      }),
      input('currency', t('lead_currency'), textInput({ maxLength: 3 }), { optional: true }),
      input('language', t('lead_language'), textInput({ maxLength: 20 }), { optional: true }),
      input('note', t('lead_note'), textInput({ multiline: true, maxLength: 2000 }), { optional: true }),
    ],
    context,
  );
}

// `book`: closeloop.yaml labels, so each plan reads as the reader's language names it; the value stays the key.
export function orderModal(
  context: ModalContext,
  paymentPlans: readonly string[],
  book?: LabelBook,
): types.ModalView {
  const t = slackTexts(context.locale);
  const option = (plan: string) => ({
    text: {
      type: 'plain_text' as const,
      text: cut(nameText('paymentPlans', plan, context.locale, book), 75),
    },
    value: plan,
  });
  return modal(
    callbacks.orderNew,
    t('order_new_title'),
    [
      input(
        'customer',
        t('order_customer'),
        {
          type: 'external_select',
          action_id: customerOptionsActionId,
          min_query_length: 1,
          placeholder: { type: 'plain_text', text: cut(t('order_customer_hint'), 150) },
        },
        { optional: true },
      ),
      input('lead', t('order_lead'), textInput({ placeholder: t('order_lead_hint'), maxLength: 40 }), {
        optional: true,
      }),
      input('line', t('order_lines'), textInput({ multiline: true, maxLength: 3000 }), {
        hint: t('order_lines_hint'),
        // Lines may be typed, picked below, or both.
        optional: true,
      }),
      ...productPickFields([], context.locale).map((f) =>
        input(f.name, f.label, formElement(f), { optional: true, ...(f.hint ? { hint: f.hint } : {}) }),
      ),
      input('plan', t('order_plan'), {
        type: 'static_select',
        action_id: valueActionId,
        options: paymentPlans.slice(0, 100).map(option),
        ...(paymentPlans[0] ? { initial_option: option(paymentPlans[0]) } : {}),
      }),
      input('terms', t('order_terms'), textInput({ multiline: true, maxLength: 2000 }), {
        optional: true,
        hint: t('order_terms_hint'),
      }),
    ],
    context,
  );
}

export const followUpKinds = ['call', 'visit', 'message', 'note'] as const;

// The lead is prefilled when the command named one ("/lead log L-000042").
export function leadLogModal(context: ModalContext, number?: string): types.ModalView {
  const t = slackTexts(context.locale);
  const option = (kind: (typeof followUpKinds)[number]) => ({
    text: { type: 'plain_text' as const, text: t(`kind_${kind}`) },
    value: kind,
  });
  return modal(
    callbacks.leadLog,
    t('lead_log_title'),
    [
      input('number', t('lead_log_number'), {
        ...textInput({ placeholder: t('order_lead_hint'), maxLength: 40 }),
        ...(number ? { initial_value: number } : {}),
      }),
      input('kind', t('lead_log_kind'), {
        type: 'static_select',
        action_id: valueActionId,
        options: followUpKinds.map(option),
        initial_option: option('call'),
      }),
      input('note', t('lead_log_note'), textInput({ multiline: true, maxLength: 2000 })),
    ],
    context,
  );
}

export function promptModal(prompt: Prompt & { title: string }, context: PromptContext): types.ModalView {
  return modal(
    callbacks.prompt,
    prompt.title,
    [
      ...(prompt.intro
        ? [
            {
              type: 'section' as const,
              text: { type: 'mrkdwn' as const, text: cut(mrkdwn(prompt.intro), 3000) },
            },
          ]
        : []),
      input(
        'input',
        prompt.label,
        textInput({
          multiline: true,
          maxLength: 2000,
          ...(prompt.placeholder ? { placeholder: prompt.placeholder } : {}),
        }),
      ),
    ],
    context,
  );
}

// A form of the app (e.g. the order edit form) with what opened it, so the submission can be run and answered.
export interface FormContext extends ModalContext {
  form: string;
  entityId: string;
  state: string;
}

function formElement(field: FormField): types.InputBlockElement {
  if (field.suggest) return suggestElement({ ...field, suggest: field.suggest });
  if (field.kind === 'select') {
    const option = (o: { value: string; label: string }) => ({
      text: plain(o.label, 75),
      value: o.value,
    });
    const options = (field.options ?? []).slice(0, 100);
    const initial = options.find((o) => o.value === field.value);
    return {
      type: 'static_select',
      action_id: valueActionId,
      options: options.map(option),
      ...(initial ? { initial_option: option(initial) } : {}),
    };
  }
  return {
    ...textInput({ multiline: field.kind === 'long', maxLength: 3000 }),
    ...(field.value ? { initial_value: cut(field.value, 3000) } : {}),
  };
}

// Every field is an input whose block id is the field's name, so an error the app names lands under it.
export function formModal(form: Form, context: FormContext): types.ModalView {
  const view = modal(
    callbacks.form,
    form.title,
    [
      ...(form.intro
        ? [
            {
              type: 'section' as const,
              text: { type: 'mrkdwn' as const, text: cut(mrkdwn(form.intro), 3000) },
            },
          ]
        : []),
      ...form.fields.map((f) =>
        input(f.name, f.label, formElement(f), {
          optional: f.required !== true,
          ...(f.hint ? { hint: f.hint } : {}),
        }),
      ),
    ],
    context,
  );
  return { ...view, submit: modalText(form.submit) };
}

export function homeView(cards: readonly Card[], locale: Locale): types.HomeView {
  return { type: 'home', blocks: renderCards(cards, locale, limits.blocksPerView) };
}

// The value of each input of a submitted view, by block id; a select gives its chosen option's value.
export function submittedValues(view: { state: { values: Record<string, Record<string, unknown>> } }) {
  const out: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(view.state.values)) {
    for (const state of Object.values(actions)) {
      const s = state as { value?: string | null; selected_option?: { value?: string } | null };
      const value = s.selected_option?.value ?? s.value;
      if (typeof value === 'string' && value.trim() !== '') out[blockId] = value.trim();
    }
  }
  return out;
}
