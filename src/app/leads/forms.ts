// Owns the lead forms chat opens: "lead.log" — the owner logs a call, visit, message or note with a next-step date
// in one form, submitted exactly as "lead log" typed with those keys would be.
import { DomainError } from '../../domain/errors.ts';
import { leadNumber } from '../../domain/leads/normalise.ts';
import { leadLogForm } from '../../messages/catalogue/leads.ts';
import type { FormHandler } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import { leadLog } from './commands.ts';
import { ownedLead } from './log-lead-activity.ts';

const leadLogFormHandler: FormHandler = {
  command: 'lead log',
  async open(deps, actor, ref) {
    const lead = await ownedLead(deps, actor, ref);
    return leadLogForm(
      { leadId: lead.id, number: leadNumber(lead.seq), name: lead.name, company: lead.company },
      localeOf(deps, actor),
    );
  },
  async submit(deps, actor, { entityId, values }) {
    const next = values.next?.trim() ?? '';
    try {
      return await leadLog.run(deps, actor, {
        positional: [],
        named: {
          lead: entityId,
          kind: values.kind ?? '',
          note: values.note ?? '',
          ...(next === '' ? {} : { next }),
        },
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // The lead itself is not a field of the form; anything about it belongs to the whole form.
      throw new DomainError(
        error.kind,
        error.code,
        error.vars,
        error.field === 'lead' ? undefined : error.field,
      );
    }
  },
};

export const leadForms: Record<string, FormHandler> = { 'lead.log': leadLogFormHandler };
