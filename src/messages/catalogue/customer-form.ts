// Catalogue (customers): the new/edit customer form — its inputs, labels and choices — zh-CN and en.

import type { LabelBook, LabelKind } from '../../domain/labels.ts';
import { own } from '../../domain/own.ts';
import { bareFormEntity, type Form, type Locale } from '../model.ts';
import { type CustomerTextKey, customerTexts } from './customers.ts';
import { nameText } from './names.ts';

// The form's inputs, each named for the field of the use case it fills.
export const customerFormInputs = [
  'name',
  'legalName',
  'aliases',
  'region',
  'tier',
  'priceList',
  'creditLimit',
  'paymentTerms',
  'defaultPaymentPlan',
  'taxId',
  'billingAddress',
  'invoiceEmail',
  'email',
  'phone',
] as const;
export type CustomerFormInput = (typeof customerFormInputs)[number];

const inputLabel: Record<CustomerFormInput, CustomerTextKey> = {
  name: 'form_name',
  legalName: 'f_legal',
  aliases: 'f_aliases',
  region: 'f_region',
  tier: 'f_tier',
  priceList: 'f_price_list',
  creditLimit: 'f_limit',
  paymentTerms: 'f_terms',
  defaultPaymentPlan: 'f_plan',
  taxId: 'f_tax',
  billingAddress: 'f_billing',
  invoiceEmail: 'f_invoice_email',
  email: 'form_email',
  phone: 'f_contacts',
};

export function customerForm(
  current: { id: string; name: string; values: Partial<Record<CustomerFormInput, string>> } | null,
  options: {
    plans: readonly string[];
    priceLists: readonly string[];
    tiers: readonly string[];
    mayCredit: boolean;
    // closeloop.yaml labels: each option reads as the reader's language names it; its value stays the key.
    labels?: LabelBook;
  },
  locale: Locale,
): Form {
  const t = customerTexts(locale);
  const select = (kind: LabelKind, names: readonly string[]) => [
    { value: '', label: t('none') },
    ...names.map((n) => ({ value: n, label: nameText(kind, n, locale, options.labels) })),
  ];
  const selects: Partial<Record<CustomerFormInput, { kind: LabelKind; names: readonly string[] }>> = {
    defaultPaymentPlan: { kind: 'paymentPlans', names: options.plans },
    priceList: { kind: 'priceLists', names: options.priceLists },
    tier: { kind: 'tiers', names: options.tiers },
  };
  return {
    id: 'customer.edit',
    entityId: current?.id ?? bareFormEntity,
    state: '',
    title: current ? t('form_edit', { name: current.name }) : t('form_new'),
    intro: t('form_intro'),
    submit: t('form_submit'),
    fields: customerFormInputs
      .filter((name) => options.mayCredit || (name !== 'creditLimit' && name !== 'tier'))
      .map((name) => {
        const choice = own(selects, name);
        return {
          name,
          label: name === 'phone' ? (locale === 'en' ? 'Phone' : '电话') : t(inputLabel[name]),
          kind: choice
            ? ('select' as const)
            : name === 'billingAddress' || name === 'paymentTerms'
              ? ('long' as const)
              : ('text' as const),
          ...(choice ? { options: select(choice.kind, choice.names) } : {}),
          ...(name === 'creditLimit' ? { hint: t('form_limit_hint') } : {}),
          ...(name === 'name' ? { required: true } : {}),
          ...(current?.values[name] !== undefined ? { value: current.values[name] } : {}),
        };
      }),
  };
}
