// Owns the customer form: "customer new" opens it blank, "customer edit <name>" and the card's Edit button prefilled;
// the credit limit and tier inputs appear only to those who may change them (finance, admin).

import type { CustomerFields } from '../../domain/customers/customer-fields.ts';
import { toDecimal as decimal } from '../../domain/money.ts';
import { customerForm, customerFormInputs } from '../../messages/catalogue/customer-form.ts';
import { customerEditedReply, customerTexts } from '../../messages/catalogue/customers.ts';
import { bareFormEntity } from '../../messages/model.ts';
import { allowed, ownedBy } from '../access/ask.ts';
import type { FormHandler } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { configuredNames } from './configured-names.ts';
import { createCustomer } from './create-customer.ts';
import { loadCustomer } from './customer-record.ts';
import { editCustomer } from './edit-customer.ts';

async function options(deps: AppDeps, mayCredit: boolean) {
  const names = await configuredNames(deps.db, deps);
  return {
    plans: [...names.paymentPlans],
    priceLists: [...names.priceLists],
    tiers: [...names.tiers],
    mayCredit,
    labels: deps.policy.labels.book,
  };
}

// The form's values → the use case's fields: what the form shows is what it sets, an emptied input clears.
export function fieldsFromArgs(values: Record<string, string>): CustomerFields {
  const fields: Record<string, unknown> = {};
  // Typed command keys arrive lower-cased ("creditlimit:"); form inputs keep their names.
  const byKey = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
  for (const name of customerFormInputs) {
    const typed = byKey.get(name.toLowerCase());
    if (typed === undefined) continue;
    const v = typed.trim();
    if (name === 'aliases') fields.aliases = v === '' ? [] : v.split(/[,，;；\n]/);
    else if (name === 'name') fields.name = v;
    else fields[name] = v === '' ? null : v;
  }
  return fields as CustomerFields;
}

export const customerEditForm: FormHandler = {
  command: 'customer edit',
  async open(deps, actor, ref) {
    const c = await loadCustomer(deps.db, deps.keyring, ref);
    const mayCredit = allowed(
      deps,
      actor,
      'customer.credit',
      await ownedBy(deps.db, c.ownerId, { region: c.region }),
    );
    const values = {
      name: c.name,
      legalName: c.legalName ?? '',
      aliases: c.aliases.join(', '),
      region: c.region ?? '',
      tier: c.tier ?? '',
      priceList: c.priceList ?? '',
      creditLimit: c.creditLimitMinor === null ? '' : decimal(c.creditLimitMinor, c.currency),
      paymentTerms: c.paymentTerms ?? '',
      defaultPaymentPlan: c.defaultPaymentPlan ?? '',
      taxId: allowed(deps, actor, 'customer.billing', {}) ? (c.taxId ?? '') : undefined,
      billingAddress: c.billingAddress ?? '',
      invoiceEmail: c.invoiceEmail ?? '',
      email: c.email ?? '',
      phone: c.phone ?? '',
    };
    const form = customerForm(
      {
        id: c.id,
        name: c.name,
        values: Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)),
      },
      await options(deps, mayCredit),
      localeOf(deps, actor),
    );
    // A tax ID the person may not see is not on the form, so submitting cannot blank it.
    return values.taxId === undefined
      ? { ...form, fields: form.fields.filter((f) => f.name !== 'taxId') }
      : form;
  },
  bare: {
    command: 'customer new',
    async open(deps, actor) {
      return customerForm(
        null,
        await options(deps, allowed(deps, actor, 'customer.credit', {})),
        localeOf(deps, actor),
      );
    },
  },
  async submit(deps, actor, { entityId, values }) {
    const t = customerTexts(localeOf(deps, actor));
    const fields = fieldsFromArgs(values);
    if (entityId === bareFormEntity) {
      const created = await createCustomer(deps, actor, { fields });
      return { text: t('reply_created', { name: created.customer.name }), tone: 'success' };
    }
    const edited = await editCustomer(deps, actor, entityId, { fields });
    return customerEditedReply(edited.customer.name, edited.changed, localeOf(deps, actor));
  },
};

export const customerForms: Record<string, FormHandler> = { 'customer.edit': customerEditForm };
