// Owns the Lark-only form cards: the new-lead form (a form container of inputs) and its answer after a submit.
import { larkTexts } from '../../src/messages/catalogue/lark.ts';
import type { Locale } from '../../src/messages/model.ts';
import { type CallbackValue, escapeMarkdown, type LarkCard, type LarkElement } from './render.ts';

// The callback action of the form's submit button; handled in the adapter, which runs the shared "lead new" command.
export const LEAD_FORM_ACTION = 'lark.lead_new';

export const leadFormFields = ['name', 'company', 'email', 'phone', 'region', 'industry', 'note'] as const;
export type LeadFormField = (typeof leadFormFields)[number];

export interface FormState {
  values?: Partial<Record<string, string>>;
  error?: { field?: string; text: string };
}

const plain = (content: string) => ({ tag: 'plain_text' as const, content });

export function leadFormCard(locale: Locale, state: FormState = {}): LarkCard {
  const t = larkTexts(locale);
  const inputs: LarkElement[] = [];
  for (const field of leadFormFields) {
    const label = t(`field.${field}`);
    inputs.push({
      tag: 'input',
      name: field,
      required: field === 'name',
      max_length: field === 'note' ? 1000 : 200,
      label: plain(label),
      ...(state.values?.[field] ? { default_value: state.values[field] } : {}),
    });
    if (state.error?.field === field) {
      inputs.push({
        tag: 'markdown',
        content: `<font color='red'>${escapeMarkdown(state.error.text)}</font>`,
      });
    }
  }
  if (state.error && !leadFormFields.includes(state.error.field as LeadFormField)) {
    inputs.push({ tag: 'markdown', content: `<font color='red'>${escapeMarkdown(state.error.text)}</font>` });
  }
  const value: CallbackValue = { action: LEAD_FORM_ACTION, value: 'new' };
  return {
    schema: '2.0',
    config: { update_multi: true, summary: { content: t('leadFormTitle') } },
    header: { title: plain(t('leadFormTitle')), template: state.error ? 'red' : 'blue' },
    body: {
      elements: [
        { tag: 'markdown', content: t('leadFormIntro') },
        {
          tag: 'form',
          name: 'lead_form',
          elements: [
            ...inputs,
            {
              tag: 'button',
              name: 'lead_form_submit',
              form_action_type: 'submit',
              type: 'primary',
              text: plain(t('leadFormSubmit')),
              behaviors: [{ type: 'callback', value }],
            },
          ],
        },
      ],
    },
  };
}
