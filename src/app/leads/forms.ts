// Owns the lead forms chat opens: "lead.log" — the owner logs a call, visit, message or note with a next-step date
// in one form, submitted exactly as "lead log" typed with those keys would be (a bare "lead log" picks the lead from
// the owner's open leads); "lead.new" — a bare "lead new" asks for the lead's details, submitted as "lead new".

import { conflict, DomainError } from '../../domain/errors.ts';
import { leadNumber } from '../../domain/leads/normalise.ts';
import { leadLogBlankForm, leadLogForm, leadNewForm } from '../../messages/catalogue/leads.ts';
import { bareFormEntity } from '../../messages/model.ts';
import type { FormHandler } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import { leadLog, leadNew } from './commands.ts';
import { listMyLeads } from './list-my-leads.ts';
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
  bare: {
    command: 'lead log',
    async open(deps, actor) {
      const mine = await listMyLeads(deps, actor.user.id);
      const held = mine.filter((l) => l.status === 'accepted');
      if (held.length === 0) throw conflict('lead_log_no_open_leads');
      return leadLogBlankForm(
        held.map((l) => ({ leadId: l.id, number: l.number, name: l.name, company: l.company })),
        localeOf(deps, actor),
      );
    },
  },
  async submit(deps, actor, { entityId, values }) {
    const next = values.next?.trim() ?? '';
    // The bare form carries no lead of its own: the one picked in it.
    const picked = entityId === bareFormEntity;
    try {
      return await leadLog.run(deps, actor, {
        positional: [],
        named: {
          lead: picked ? (values.lead?.trim() ?? '') : entityId,
          kind: values.kind ?? '',
          note: values.note ?? '',
          ...(next === '' ? {} : { next }),
        },
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // The lead is a field of the bare form only; otherwise anything about it belongs to the whole form.
      throw new DomainError(
        error.kind,
        error.code,
        error.vars,
        error.field === 'lead' && !picked ? undefined : error.field,
      );
    }
  },
};

// The use case's field names → the form's inputs (the command's keys).
const newLeadFieldOf: Record<string, string> = {
  companySize: 'size',
  dealSize: 'deal',
  dealCurrency: 'deal',
};

const leadNewFormHandler: FormHandler = {
  bare: {
    command: 'lead new',
    async open(deps, actor) {
      return leadNewForm(localeOf(deps, actor));
    },
  },
  async submit(deps, actor, { values }) {
    const named: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
      if (newLeadKeys.has(key) && value.trim() !== '') named[key] = value.trim();
    }
    try {
      return await leadNew.run(deps, actor, { positional: [], named });
    } catch (error) {
      if (!(error instanceof DomainError) || error.field === undefined) throw error;
      const field = Object.hasOwn(newLeadFieldOf, error.field) ? newLeadFieldOf[error.field] : error.field;
      throw new DomainError(error.kind, error.code, error.vars, field);
    }
  },
};

const newLeadKeys = new Set(leadNewForm('en').fields.map((f) => f.name));

export const leadForms: Record<string, FormHandler> = {
  'lead.log': leadLogFormHandler,
  'lead.new': leadNewFormHandler,
};
