// Owns the order forms chat opens: "order.edit" — the current version prefilled; saving is an edit (a new version whose
// approval starts again); "order.new" — a lead's or customer's order with what we know prefilled (a bare "order new"
// asks for the lead or customer first), created and submitted. Lines are typed, picked (product pickers), or both.
// Every error is pointed at the form field at fault.

import { DomainError, invalid } from '../../domain/errors.ts';
import { orderEditForm, orderNewBlankForm, orderNewForm } from '../../messages/catalogue/orders.ts';
import { bareFormEntity } from '../../messages/model.ts';
import type { FormHandler, UserActor } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { suggestProducts } from '../products/suggest-products.ts';
import { createdReply, editedReply } from './commands.ts';
import { createOrder } from './create-order.ts';
import { editOrder } from './edit-order.ts';
import { openNewOrderForm, sourceOfEntity } from './open-new-order-form.ts';
import { openOrderEditForm } from './open-order-edit-form.ts';
import { unknownPaymentPlan } from './payment-plan-named.ts';
import { type FormLines, formFieldOfLine, formLines } from './picked-lines.ts';

// The use case's field names → the form's; a line's error goes to the input the line came from.
function formFieldOf(field: string | undefined, sources: FormLines['sources'] = []): string | undefined {
  if (field === undefined) return undefined;
  if (/^(product|qty)_\d+$/.test(field)) return field;
  const picked = formFieldOfLine(field, sources);
  if (picked) return picked;
  if (field === 'paymentPlan' || field === 'plan') return 'plan';
  if (field === 'terms' || field === 'nonStandardTerms') return 'terms';
  if (field === 'note' || field === 'body') return 'note';
  return 'lines';
}

// The lines (typed and picked) and terms as filled in, checked before any use case runs.
function contentOf(values: Record<string, string>, currency: string) {
  const { lines, sources } = formLines(values, currency);
  const nonStandard = values.termsKind === 'nonstandard';
  const terms = values.terms?.trim() ?? '';
  if (nonStandard && terms === '') throw invalid('order_terms_text', 'terms');
  return { lines, sources, terms: nonStandard ? terms : null, nonStandard };
}

// What the product pickers list before any search: recently ordered products, priced for this form's order.
async function offered(deps: AppDeps, actor: UserActor, forEntity: string) {
  try {
    return await suggestProducts(deps, actor, { forEntity, limit: 20 });
  } catch (error) {
    // Someone who may not read products still gets the form, with typed lines only.
    if (error instanceof DomainError) return [];
    throw error;
  }
}

const orderEdit: FormHandler = {
  command: 'order edit',
  async open(deps, actor, ref) {
    const data = await openOrderEditForm(deps, actor, ref);
    return orderEditForm(
      { ...data, picks: await offered(deps, actor, data.orderId) },
      localeOf(deps, actor),
      deps.policy.labels.book,
    );
  },
  async submit(deps, actor, { entityId, state, values }) {
    let sources: FormLines['sources'] = [];
    try {
      const content = contentOf(values, deps.policy.org.currency);
      sources = content.sources;
      const version = Number(state);
      const form = await openOrderEditForm(deps, actor, entityId);
      const result = await editOrder(deps, actor, form.number, {
        lines: content.lines,
        paymentPlan: values.plan ?? form.paymentPlan,
        terms: content.terms,
        nonStandardTerms: content.nonStandard,
        ...(Number.isInteger(version) && version > 0 ? { expectedVersion: version } : {}),
        ...(values.note?.trim() ? { note: values.note } : {}),
      });
      return await editedReply(deps, actor, result);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw new DomainError(error.kind, error.code, error.vars, formFieldOf(error.field, sources));
    }
  },
};

// The bare form's "for" input: a lead number or a customer's name, resolved as "order new <ref>" would be.
async function pickedSource(deps: AppDeps, actor: UserActor, values: Record<string, string>) {
  const typed = values.for?.trim() ?? '';
  if (typed === '') throw invalid('order_customer_required', 'for');
  try {
    return sourceOfEntity((await openNewOrderForm(deps, actor, typed)).entityId);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // Whatever is wrong with who it is for (unknown, not yours, closed) is an input to correct on the form.
    throw new DomainError('invalid', error.code, error.vars, 'for');
  }
}

const orderNew: FormHandler = {
  command: 'order new',
  async open(deps, actor, ref) {
    const data = await openNewOrderForm(deps, actor, ref);
    return orderNewForm(
      { ...data, picks: await offered(deps, actor, data.entityId) },
      localeOf(deps, actor),
      deps.policy.labels.book,
    );
  },
  bare: {
    command: 'order new',
    async open(deps, actor) {
      const picks = await offered(deps, actor, bareFormEntity);
      return orderNewBlankForm(
        Object.keys(deps.policy.paymentPlans),
        localeOf(deps, actor),
        picks,
        deps.policy.labels.book,
      );
    },
  },
  async submit(deps, actor, { entityId, values }) {
    // The bare form names who the order is for in its own input.
    const source =
      entityId === bareFormEntity ? await pickedSource(deps, actor, values) : sourceOfEntity(entityId);
    let sources: FormLines['sources'] = [];
    try {
      // A form whose source was tampered with or lost: nothing to create the order for.
      if (!source) throw invalid('order_customer_required', 'source');
      const content = contentOf(values, deps.policy.org.currency);
      sources = content.sources;
      const plan = values.plan?.trim() ?? '';
      if (plan === '') throw unknownPaymentPlan(deps, plan, 'plan');
      const created = await createOrder(deps, actor, {
        source,
        lines: content.lines,
        paymentPlan: plan,
        terms: content.terms,
        nonStandardTerms: content.nonStandard,
        submit: true,
      });
      return await createdReply(deps, actor, created);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw new DomainError(error.kind, error.code, error.vars, formFieldOf(error.field, sources));
    }
  },
};

export const orderForms: Record<string, FormHandler> = { 'order.edit': orderEdit, 'order.new': orderNew };
