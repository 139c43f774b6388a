// Owns the Lark-only form cards: a form container of inputs for a typed command ("lead new", "order new", "lead log"),
// app forms (with the product pickers' two-step search), and their errors.
import { activityKinds } from '../../src/domain/leads/follow-up.ts';
import { own } from '../../src/domain/own.ts';
import { type LarkTextKey, larkTexts } from '../../src/messages/catalogue/lark.ts';
import {
  pickCustomerFindField,
  pickFindField,
  pickTexts,
} from '../../src/messages/catalogue/orders/product-picks.ts';
import type { Form, Locale, FormField as ModelField } from '../../src/messages/model.ts';
import { plainText } from '../../src/messages/plain-text.ts';
import {
  type CallbackValue,
  escapeMarkdown,
  type LarkCard,
  type LarkElement,
  plain,
  toLarkMarkdown,
} from './render.ts';

// The submit button's callback action; its value names the command the form runs, with the inputs as key:value arguments.
export const FORM_ACTION = 'lark.form';

interface FormField {
  // The command's canonical argument key, also the input's name.
  name: string;
  required?: boolean;
  long?: boolean;
  // A drop-down of these values (labels `choice.<value>`) instead of a text input.
  choices?: readonly string[];
  // A date picker; the command gets YYYY-MM-DD.
  date?: boolean;
  // The field an error names when it differs from the command's key (size → companySize).
  errorField?: string;
}

interface CommandForm {
  title: LarkTextKey;
  intro: LarkTextKey;
  submit: LarkTextKey;
  fields: FormField[];
}

// Typing the command alone opens its form; the form then runs the very same command.
export const commandForms: Record<string, CommandForm> = {
  'lead new': {
    title: 'leadFormTitle',
    intro: 'leadFormIntro',
    submit: 'leadFormSubmit',
    fields: [
      { name: 'name', required: true },
      { name: 'company' },
      { name: 'email' },
      { name: 'phone' },
      { name: 'region' },
      { name: 'industry' },
      { name: 'province' },
      { name: 'city' },
      { name: 'size', errorField: 'companySize' },
      { name: 'deal', errorField: 'dealSize' },
      { name: 'currency', errorField: 'dealCurrency' },
      { name: 'language' },
      { name: 'note', long: true },
    ],
  },
  'lead log': {
    title: 'followFormTitle',
    intro: 'followFormIntro',
    submit: 'followFormSubmit',
    fields: [
      { name: 'lead', required: true },
      { name: 'kind', required: true, choices: activityKinds },
      { name: 'note', long: true },
      { name: 'next', date: true },
    ],
  },
};

export interface FormState {
  values?: Partial<Record<string, string>>;
  error?: { field?: string; text: string };
}

const errorLine = (text: string): LarkElement => ({
  tag: 'markdown',
  content: `<font color='red'>${escapeMarkdown(text)}</font>`,
});

// Only a field the form has keeps its input; whatever else was sent is dropped.
export function formValues(command: string, formValue: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of own(commandForms, command)?.fields ?? []) {
    const v = formValue[field.name];
    if (typeof v !== 'string' || v.trim() === '') continue;
    // The date picker answers "2026-12-03 +0800": the date is what was picked, the offset is only the client's zone.
    values[field.name] = field.date ? (v.trim().split(/\s+/)[0] ?? '') : v.trim();
  }
  return values;
}

const errorIsOn = (field: FormField, named: string | undefined) =>
  named !== undefined && (field.name === named || field.errorField === named);

export function formCard(command: string, locale: Locale, state: FormState = {}): LarkCard {
  const form = own(commandForms, command);
  if (!form) throw new Error(`no Lark form for "${command}"`);
  const t = larkTexts(locale);
  const inputs: LarkElement[] = [];
  for (const field of form.fields) {
    const label = t(`field.${field.name}` as LarkTextKey);
    const kept = state.values?.[field.name];
    if (field.choices) {
      inputs.push({ tag: 'markdown', content: `**${escapeMarkdown(label)}**` });
      inputs.push({
        tag: 'select_static',
        name: field.name,
        required: field.required === true,
        placeholder: plain(label),
        options: field.choices.map((value) => ({ text: plain(t(`choice.${value}` as LarkTextKey)), value })),
        // Only a value the list has can be shown again; anything else would make Lark refuse the card.
        ...(kept && field.choices.includes(kept) ? { initial_option: kept } : {}),
      });
    } else if (field.date) {
      inputs.push({ tag: 'markdown', content: `**${escapeMarkdown(label)}**` });
      inputs.push({
        tag: 'date_picker',
        name: field.name,
        required: field.required === true,
        placeholder: plain(label),
        ...(kept && /^\d{4}-\d{2}-\d{2}$/.test(kept) ? { initial_date: kept } : {}),
      });
    } else {
      inputs.push({
        tag: 'input',
        name: field.name,
        required: field.required === true,
        max_length: field.long ? 1000 : 200,
        label: plain(label),
        ...(kept ? { default_value: kept } : {}),
      });
    }
    // The error sits right under the input it is about.
    if (state.error && errorIsOn(field, state.error.field)) inputs.push(errorLine(state.error.text));
  }
  if (state.error && !form.fields.some((f) => errorIsOn(f, state.error?.field)))
    inputs.push(errorLine(state.error.text));
  const value: CallbackValue = { action: FORM_ACTION, value: command };
  return {
    schema: '2.0',
    config: { update_multi: true, summary: { content: plainText(t(form.title)) } },
    header: { title: plain(t(form.title)), template: state.error ? 'red' : 'blue' },
    body: {
      elements: [
        { tag: 'markdown', content: toLarkMarkdown(t(form.intro)) },
        {
          tag: 'form',
          name: 'command_form',
          elements: [
            ...inputs,
            {
              tag: 'button',
              name: 'command_form_submit',
              form_action_type: 'submit',
              type: 'primary',
              text: plain(t(form.submit)),
              behaviors: [{ type: 'callback', value }],
            },
          ],
        },
      ],
    },
  };
}

// The submit button of an app form (e.g. the order edit form); its value is "<form>|<entity id>|<state>".
export const APP_FORM_ACTION = 'lark.app_form';

export function appFormValue(form: Pick<Form, 'id' | 'entityId' | 'state'>): string {
  return `${form.id}|${form.entityId}|${form.state}`;
}

export function readAppFormValue(value: string): { form: string; entityId: string; state: string } | null {
  const [form, entityId, state] = value.split('|');
  return form && entityId && state !== undefined ? { form, entityId, state } : null;
}

// Only the form's own fields are taken from what Lark sent.
export function appFormValues(form: Form, formValue: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of form.fields) {
    const v = formValue[field.name];
    if (typeof v === 'string' && v.trim() !== '') values[field.name] = v.trim();
  }
  return values;
}

// The Find button of the product pickers: Lark cards cannot search as one types, so a query typed into the find
// input and Find re-draws the form with the matching products in every product list (see find-products.ts).
export const APP_FORM_FIND_ACTION = 'lark.app_form_find';

// A picker: what the form offers (recent products, or what Find matched) as a drop-down, the picked value kept even
// when the list no longer has it; with nothing to offer, a plain input.
function picker(field: ModelField, kept: string | undefined): LarkElement[] {
  const options = [...(field.options ?? [])];
  if (kept && !options.some((o) => o.value === kept)) options.unshift({ value: kept, label: kept });
  if (options.length === 0)
    return [
      {
        tag: 'input',
        name: field.name,
        max_length: 200,
        label: plain(field.label),
        ...(field.hint ? { placeholder: plain(field.hint.slice(0, 100)) } : {}),
      },
    ];
  return [
    { tag: 'markdown', content: `**${escapeMarkdown(field.label)}**` },
    {
      tag: 'select_static',
      name: field.name,
      required: false,
      placeholder: plain(field.label),
      options: options.map((o) => ({ text: plain(o.label), value: o.value })),
      ...(kept ? { initial_option: kept } : {}),
    },
  ];
}

// A search the form cannot do as one types: its query input and Find. Every Find button is the same action; each
// search runs on what is typed into its own input (see find-products.ts).
function findRow(
  form: Form,
  name: string,
  texts: { label: string; hint: string; button: string },
  query?: string,
) {
  const value: CallbackValue = { action: APP_FORM_FIND_ACTION, value: appFormValue(form) };
  return [
    {
      tag: 'input',
      name,
      max_length: 100,
      label: plain(texts.label),
      placeholder: plain(texts.hint.slice(0, 100)),
      ...(query ? { default_value: query } : {}),
    },
    {
      tag: 'button',
      name: `find_${name}`,
      form_action_type: 'submit',
      text: plain(texts.button),
      behaviors: [{ type: 'callback', value }],
    },
  ] satisfies LarkElement[];
}

// An app form as a Lark form container, prefilled; an error sits under the field it names.
export function appFormCard(
  form: Form,
  state: FormState & { find?: string; findCustomer?: string } = {},
  locale: Locale = 'en',
): LarkCard {
  const inputs: LarkElement[] = [];
  let findShown = false;
  for (const field of form.fields) {
    const kept = state.values?.[field.name] ?? field.value;
    const t = pickTexts(locale);
    if (field.suggest === 'customers')
      inputs.push(
        ...findRow(
          form,
          pickCustomerFindField,
          { label: t('findCustomer'), hint: t('findCustomerHint'), button: t('findButton') },
          state.findCustomer,
        ),
      );
    if (field.suggest === 'products') {
      if (!findShown)
        inputs.push(
          ...findRow(
            form,
            pickFindField,
            { label: t('find'), hint: t('findHint'), button: t('findButton') },
            state.find,
          ),
        );
      findShown = true;
      inputs.push(...picker(field, kept));
    } else if (field.suggest === 'customers' && (field.options?.length ?? 0) > 0) {
      // Only once Find listed customers; until then the name (or a lead number) is typed.
      inputs.push(...picker(field, kept));
    } else if (field.kind === 'select') {
      const options = field.options ?? [];
      inputs.push({ tag: 'markdown', content: `**${escapeMarkdown(field.label)}**` });
      inputs.push({
        tag: 'select_static',
        name: field.name,
        required: field.required === true,
        placeholder: plain(field.label),
        options: options.map((o) => ({ text: plain(o.label), value: o.value })),
        ...(kept && options.some((o) => o.value === kept) ? { initial_option: kept } : {}),
      });
    } else {
      inputs.push({
        tag: 'input',
        name: field.name,
        required: field.required === true,
        max_length: 1000,
        label: plain(field.label),
        ...(field.kind === 'long' ? { input_type: 'multiline_text', rows: 4, auto_resize: true } : {}),
        ...(field.hint ? { placeholder: plain(field.hint.slice(0, 100)) } : {}),
        ...(kept ? { default_value: kept.slice(0, 1000) } : {}),
      });
    }
    if (state.error?.field === field.name) inputs.push(errorLine(state.error.text));
  }
  if (state.error && !form.fields.some((f) => f.name === state.error?.field))
    inputs.push(errorLine(state.error.text));
  const value: CallbackValue = { action: APP_FORM_ACTION, value: appFormValue(form) };
  return {
    schema: '2.0',
    config: { update_multi: true, summary: { content: plainText(form.title) } },
    header: { title: plain(form.title), template: state.error ? 'red' : 'blue' },
    body: {
      elements: [
        // The intro names the lead or customer: the model's markdown into Lark's, a person's text escaped as in cards.
        ...(form.intro ? [{ tag: 'markdown', content: toLarkMarkdown(form.intro) }] : []),
        {
          tag: 'form',
          name: 'app_form',
          elements: [
            ...inputs,
            {
              tag: 'button',
              name: 'app_form_submit',
              form_action_type: 'submit',
              type: 'primary',
              text: plain(form.submit),
              behaviors: [{ type: 'callback', value }],
            },
          ],
        },
      ],
    },
  };
}
