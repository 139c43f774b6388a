// Owns the second step of Lark's product search: Find on an order form re-draws the form with what was typed kept and
// every product list holding the active products that match the query (priced for the form's order).
import { reopenForm } from '../../src/app/commands/forms.ts';
import { localeOf, type UserActor } from '../../src/app/commands/types.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { suggestProducts } from '../../src/app/products/suggest-products.ts';
import { DomainError } from '../../src/domain/errors.ts';
import {
  pickFindField,
  pickTexts,
  productPickLabel,
} from '../../src/messages/catalogue/orders/product-picks.ts';
import { APP_FORM_FIND_ACTION, appFormCard, appFormValues, readAppFormValue } from './forms.ts';
import type { LarkCard } from './render.ts';
import type { Toast } from './replies.ts';

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
  const typed = formValue[pickFindField];
  const text = typeof typed === 'string' ? typed.trim().slice(0, 100) : '';
  const found = await suggestProducts(deps, actor, { text, forEntity: which.entityId, limit: 20 });
  const options = found.map((p) => ({ value: p.sku, label: productPickLabel(p, locale) }));
  const searched = {
    ...form,
    fields: form.fields.map((f) => (f.suggest === 'products' ? { ...f, options } : f)),
  };
  const t = pickTexts(locale);
  return {
    toast:
      found.length > 0
        ? { type: 'info', content: t('found', { count: found.length, text }) }
        : { type: 'warning', content: t('foundNone', { text }) },
    card: { type: 'raw', data: appFormCard(searched, { values, find: text }, locale) },
  };
}
