// Catalogue (orders): the edit and new-order forms.

import type { LabelBook } from '../../../domain/labels.ts';
import { type Texts, translator } from '../../i18n.ts';
import { bareFormEntity, type Form, type Locale } from '../../model.ts';
import { nameText } from '../names.ts';
import { againTexts, editTexts } from './edit-action.ts';
import { statusText } from './order-fields.ts';
import { type ProductPick, productPickFields } from './product-picks.ts';

// What the edit form starts from: the current version, its lines written as a person would type them.
export interface OrderEditFormData {
  orderId: string;
  number: string;
  version: number;
  status: string;
  customer: string;
  lines: string[];
  paymentPlan: string;
  plans: readonly string[];
  terms: string | null;
  nonStandardTerms: boolean;
  // What the product pickers list before any search (recently ordered, priced for this order).
  picks?: readonly ProductPick[];
}

// The edit form; the customer is fixed, so it is said in the intro rather than asked.
// `book`: closeloop.yaml labels, so each payment plan option reads as the reader's language names it.
export function orderEditForm(data: OrderEditFormData, locale: Locale, book?: LabelBook): Form {
  const t = translator(editTexts, locale);
  const inApproval = ['pending_approval', 'approved', 'rejected', 'on_hold'].includes(data.status);
  return {
    id: 'order.edit',
    entityId: data.orderId,
    state: String(data.version),
    title: t('editTitle', { number: data.number }),
    intro: t('editIntro', {
      number: data.number,
      customer: data.customer,
      version: data.version,
      status: statusText(data.status, locale),
      next: data.status === 'draft' ? data.version : data.version + 1,
      again: inApproval ? translator(againTexts, locale)('again') : '',
    }),
    submit: t('editSubmit'),
    fields: [
      {
        name: 'lines',
        label: t('editLines'),
        kind: 'long',
        value: data.lines.join('\n'),
        // Lines may come from the typed text, the pickers below, or both; none at all is said on submit.
        hint: t('editLinesHint'),
      },
      ...productPickFields(data.picks ?? [], locale),
      {
        name: 'plan',
        label: t('editPlan'),
        kind: 'select',
        value: data.paymentPlan,
        options: data.plans.map((p) => ({ value: p, label: nameText('paymentPlans', p, locale, book) })),
        required: true,
      },
      {
        name: 'termsKind',
        label: t('editTermsKind'),
        kind: 'select',
        value: data.nonStandardTerms ? 'nonstandard' : 'standard',
        options: [
          { value: 'standard', label: t('editStandard') },
          { value: 'nonstandard', label: t('editNonStandard') },
        ],
        required: true,
      },
      {
        name: 'terms',
        label: t('editTerms'),
        kind: 'long',
        ...(data.terms ? { value: data.terms } : {}),
        hint: t('editTermsHint'),
      },
      { name: 'note', label: t('editNote'), kind: 'long', hint: t('editNoteHint') },
    ],
  };
}

export const newFormTexts: Texts<
  'newTitle' | 'newIntroLead' | 'newIntroCustomer' | 'newSubmit' | 'newIntroBlank' | 'newFor' | 'newForHint'
> = {
  en: {
    newIntroBlank:
      'A new order for one of your leads or a known customer. It is sent for approval when you create it.',
    newFor: 'Lead or customer',
    newForHint: "A lead number (L-000042) or the customer's name",
    newTitle: 'New order',
    newIntroLead:
      'New order for **{customer}** from lead {lead}. It is sent for approval when you create it.',
    newIntroCustomer: 'New order for **{customer}**. It is sent for approval when you create it.',
    newSubmit: 'Create and submit',
  },
  'zh-CN': {
    newIntroBlank: '为你的线索或已有客户新建订单。创建后即提交审批。',
    newFor: '线索或客户',
    newForHint: '线索编号（L-000042）或客户名称',
    newTitle: '新建订单',
    newIntroLead: '为 **{customer}**（线索 {lead}）新建订单。创建后即提交审批。',
    newIntroCustomer: '为 **{customer}** 新建订单。创建后即提交审批。',
    newSubmit: '创建并提交',
  },
};

// What the new-order form starts from: who it is for (fixed, said in the intro) and the plan to start with.
export interface NewOrderFormData {
  // "lead:<id>" or "customer:<id>": where the order comes from, carried through the form.
  entityId: string;
  customer: string;
  lead: string | null;
  paymentPlan: string;
  plans: readonly string[];
  picks?: readonly ProductPick[];
}

// The new-order form: the same inputs as the edit form, lines empty, the customer's plan chosen.
export function orderNewForm(data: NewOrderFormData, locale: Locale, book?: LabelBook): Form {
  const n = translator(newFormTexts, locale);
  const edit = orderEditForm(
    {
      orderId: data.entityId,
      number: '',
      version: 1,
      status: 'draft',
      customer: data.customer,
      lines: [],
      paymentPlan: data.paymentPlan,
      plans: data.plans,
      terms: null,
      nonStandardTerms: false,
      ...(data.picks ? { picks: data.picks } : {}),
    },
    locale,
    book,
  );
  return {
    id: 'order.new',
    entityId: data.entityId,
    state: '',
    title: n('newTitle'),
    intro: data.lead
      ? n('newIntroLead', { customer: data.customer, lead: data.lead })
      : n('newIntroCustomer', { customer: data.customer }),
    submit: n('newSubmit'),
    fields: edit.fields
      .filter((f) => f.name !== 'note')
      // Lines start empty rather than with an empty prefill.
      .map(({ value, ...f }) =>
        f.name === 'lines' ? f : { ...f, ...(value === undefined ? {} : { value }) },
      ),
  };
}

// A bare "order new": the same form, with who it is for asked first (a lead number or a customer's name).
export function orderNewBlankForm(
  plans: readonly string[],
  locale: Locale,
  picks: readonly ProductPick[] = [],
  book?: LabelBook,
): Form {
  const n = translator(newFormTexts, locale);
  const form = orderNewForm(
    { entityId: bareFormEntity, customer: '', lead: null, paymentPlan: plans[0] ?? '', plans, picks },
    locale,
    book,
  );
  return {
    ...form,
    intro: n('newIntroBlank'),
    fields: [
      {
        name: 'for',
        label: n('newFor'),
        kind: 'text',
        required: true,
        hint: n('newForHint'),
        suggest: 'customers',
      },
      ...form.fields,
    ],
  };
}
