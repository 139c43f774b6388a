// Owns the second step of Lark's searches on an order form (Lark cards cannot search as one types): Find re-draws the
// form with what was typed kept, every product list holding the active products that match the product query
// (priced for the form's order), and "Lead or customer" a list of the customers that match the customer query.
import { reopenForm } from '../../src/app/commands/forms.ts';
import { localeOf, type UserActor } from '../../src/app/commands/types.ts';
import { findCustomers } from '../../src/app/customers/find-customers.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { suggestProducts } from '../../src/app/products/suggest-products.ts';
import { DomainError } from '../../src/domain/errors.ts';
import {
  pickCustomerFindField,
  pickFindField,
  pickTexts,
  productPickLabel,
} from '../../src/messages/catalogue/orders/product-picks.ts';
import { APP_FORM_FIND_ACTION, appFormCard, appFormValues, readAppFormValue } from './forms.ts';
import type { LarkCard } from './render.ts';
import type { Toast } from './replies.ts';

const typedIn = (formValue: Record<string, unknown>, name: string) => {
  const typed = formValue[name];
  return typeof typed === 'string' ? typed.trim().slice(0, 100) : '';
};

export async function findInAppForm(
  deps: AppDeps,
  actor: UserActor,
  value: string,
  formValue: Record<string, unknown>,
): Promise<{ toast: Toast; card: { type: 'raw'; data: LarkCard } }> {
  const locale = localeOf(deps, actor);
  const which = readAppFormValue(value);
  if (!which)
    throw new DomainError(
      'invalid',
      'unknown_action',
      { action: `${APP_FORM_FIND_ACTION} ${value}` },
      'action',
    );
  const form = { ...(await reopenForm(deps, actor, which.form, which.entityId)), state: which.state };
  const values = appFormValues(form, formValue);
  const t = pickTexts(locale);
  const text = typedIn(formValue, pickFindField);
  const customerText = form.fields.some((f) => f.suggest === 'customers')
    ? typedIn(formValue, pickCustomerFindField)
    : '';
  const said: Toast[] = [];
  let fields = form.fields;
  // Only what was typed is searched: a customer query alone leaves the product lists as they were.
  if (text !== '' || customerText === '') {
    const found = await suggestProducts(deps, actor, { text, forEntity: which.entityId, limit: 20 });
    const options = found.map((p) => ({ value: p.sku, label: productPickLabel(p, locale) }));
    fields = fields.map((f) => (f.suggest === 'products' ? { ...f, options } : f));
    said.push(
      found.length > 0
        ? { type: 'info', content: t('found', { count: found.length, text }) }
        : { type: 'warning', content: t('foundNone', { text }) },
    );
  }
  if (customerText !== '') {
    const { items } = await findCustomers(deps, actor, { text: customerText, limit: 20 });
    // By name: "Lead or customer" takes a customer's name as typed.
    const options = items.map((c) => ({ value: c.name, label: c.name }));
    fields = fields.map((f) => (f.suggest === 'customers' ? { ...f, options } : f));
    said.push(
      items.length > 0
        ? { type: 'info', content: t('foundCustomers', { count: items.length, text: customerText }) }
        : { type: 'warning', content: t('foundNoCustomer', { text: customerText }) },
    );
  }
  return {
    toast: {
      type: said.some((s) => s.type === 'warning') ? 'warning' : 'info',
      content: said.map((s) => s.content).join(' '),
    },
    card: {
      type: 'raw',
      data: appFormCard({ ...form, fields }, { values, find: text, findCustomer: customerText }, locale),
    },
  };
}
