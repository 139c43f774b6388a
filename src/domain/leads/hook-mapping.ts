// Owns reading a third party's lead payload through a source's field mapping (closeloop.yaml leads.sources).
export const hookLeadFields = [
  'name',
  'company',
  'email',
  'phone',
  'region',
  'industry',
  'source',
  'campaign',
  'utmMedium',
  'utmTerm',
  'utmContent',
  'note',
  'province',
  'city',
  'companySize',
  'dealSize',
  'dealCurrency',
  'language',
] as const;
export type HookLeadField = (typeof hookLeadFields)[number];

// Names marketing tools give the same fields.
export const hookFieldAliases: Readonly<Record<string, HookLeadField>> = {
  utm_campaign: 'campaign',
  utm_source: 'source',
  utm_medium: 'utmMedium',
  utm_term: 'utmTerm',
  utm_content: 'utmContent',
};

export interface HookMapping {
  // Lead field → dot path in the payload ("contact.phones.0": a number indexes a list).
  fields: Readonly<Partial<Record<HookLeadField, string>>>;
  // Lead field → the same value for every lead of the source.
  set: Readonly<Partial<Record<HookLeadField, string>>>;
}

export type HookMappingProblem =
  | { kind: 'missing'; field: HookLeadField; path: string | null }
  // Neither an e-mail nor a phone: where each was looked for.
  | { kind: 'no_contact'; email: string | null; phone: string | null }
  | { kind: 'not_a_value'; field: HookLeadField; path: string; found: 'list' | 'object' | 'boolean' };

export type MappedLead = Partial<Record<HookLeadField, string | number>>;

// The value at a dot path; undefined when any step is absent.
export function valueAt(payload: unknown, path: string): unknown {
  let at: unknown = payload;
  for (const step of path.split('.')) {
    if (Array.isArray(at) && /^\d+$/.test(step)) at = at[Number(step)];
    else if (at !== null && typeof at === 'object' && !Array.isArray(at) && Object.hasOwn(at, step))
      at = (at as Record<string, unknown>)[step];
    else return undefined;
  }
  return at;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

// Fills each mapped field, then the constants; a lead needs a name and an e-mail or a phone, so a payload without
// them is named by the paths it was read from.
export function mapHookPayload(
  payload: unknown,
  mapping: HookMapping,
): { ok: true; lead: MappedLead } | { ok: false; problems: HookMappingProblem[] } {
  const lead: MappedLead = {};
  const problems: HookMappingProblem[] = [];
  for (const [field, path] of Object.entries(mapping.fields) as [HookLeadField, string][]) {
    const value = valueAt(payload, path);
    if (blank(value)) continue;
    if (typeof value === 'string') lead[field] = value;
    else if (typeof value === 'number')
      lead[field] = field === 'companySize' || field === 'dealSize' ? value : String(value);
    else
      problems.push({
        kind: 'not_a_value',
        field,
        path,
        found: Array.isArray(value) ? 'list' : typeof value === 'boolean' ? 'boolean' : 'object',
      });
  }
  for (const [field, value] of Object.entries(mapping.set) as [HookLeadField, string][]) {
    if (lead[field] === undefined) lead[field] = value;
  }
  const faulted = new Set(problems.map((p) => p.kind === 'not_a_value' && p.field));
  if (lead.name === undefined && !faulted.has('name'))
    problems.push({ kind: 'missing', field: 'name', path: mapping.fields.name ?? null });
  if (lead.email === undefined && lead.phone === undefined && !faulted.has('email') && !faulted.has('phone'))
    problems.push({
      kind: 'no_contact',
      email: mapping.fields.email ?? null,
      phone: mapping.fields.phone ?? null,
    });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, lead };
}
