// Owns the order forms chat opens: "order.edit" — the current version prefilled; saving is an edit (a new version whose
// approval starts again), with every error pointed at the form field at fault.
import { DomainError, invalid } from '../../domain/errors.ts';
import { orderEditForm } from '../../messages/catalogue/orders.ts';
import type { FormHandler } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import { editedReply } from './commands.ts';
import { editOrder } from './edit-order.ts';
import { openOrderEditForm } from './open-order-edit-form.ts';
import { parseLines } from './order-line-text.ts';

// The use case's field names → the form's.
function formFieldOf(field: string | undefined): string | undefined {
  if (field === undefined) return undefined;
  if (field === 'paymentPlan' || field === 'plan') return 'plan';
  if (field === 'terms' || field === 'nonStandardTerms') return 'terms';
  if (field === 'note' || field === 'body') return 'note';
  return 'lines';
}

const orderEdit: FormHandler = {
  command: 'order edit',
  async open(deps, actor, ref) {
    return orderEditForm(await openOrderEditForm(deps, actor, ref), localeOf(deps, actor));
  },
  async submit(deps, actor, { entityId, state, values }) {
    try {
      const lines = values.lines?.trim() ?? '';
      if (lines === '') throw invalid('order_no_lines', 'lines');
      const nonStandard = values.termsKind === 'nonstandard';
      const terms = values.terms?.trim() ?? '';
      if (nonStandard && terms === '') throw invalid('order_terms_text', 'terms');
      const version = Number(state);
      const form = await openOrderEditForm(deps, actor, entityId);
      const result = await editOrder(deps, actor, form.number, {
        lines: parseLines(lines, deps.policy.org.currency, 'lines'),
        paymentPlan: values.plan ?? form.paymentPlan,
        terms: nonStandard ? terms : null,
        nonStandardTerms: nonStandard,
        ...(Number.isInteger(version) && version > 0 ? { expectedVersion: version } : {}),
        ...(values.note?.trim() ? { note: values.note } : {}),
      });
      return await editedReply(deps, actor, result);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw new DomainError(error.kind, error.code, error.vars, formFieldOf(error.field));
    }
  },
};

export const orderForms: Record<string, FormHandler> = { 'order.edit': orderEdit };
