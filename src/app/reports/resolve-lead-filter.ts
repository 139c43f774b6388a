// Use case (query): the source or routing rule a report is narrowed to, checked against those that exist — named in
// closeloop.yaml (a rule by its name or label, a source by a webhook or label key) or found on leads — and spelled as
// stored; an unknown one is refused listing the valid ones, never reported as zeros.
import { findLeadValue, listLeadValues } from '../../db/reports/lead-filter-query.ts';
import { notFound } from '../../domain/errors.ts';
import type { LeadFilter } from '../../domain/reports/scope.ts';
import type { AppDeps } from '../deps.ts';

// At most this many valid names are listed in a refusal.
const listed = 30;

export async function resolveLeadFilter(deps: AppDeps, filter: LeadFilter): Promise<LeadFilter> {
  const configured = configuredNames(deps, filter.kind);
  const wanted = filter.value.trim().toLowerCase();
  const named = configured.get(wanted) ?? (await findLeadValue(deps.db, filter.kind, filter.value.trim()));
  if (named !== null && wanted !== '') return { kind: filter.kind, value: named };
  const valid = new Set([...configured.values(), ...(await listLeadValues(deps.db, filter.kind, listed))]);
  const names = [...valid].sort().slice(0, listed).join(', ');
  throw filter.kind === 'source'
    ? notFound('report_unknown_source', { source: filter.value, valid: names })
    : notFound('report_unknown_rule', { rule: filter.value, valid: names });
}

// The sources and routing rules a report may be narrowed to, sorted: for the dashboard's filters.
export async function listLeadFilterNames(deps: AppDeps): Promise<{ sources: string[]; rules: string[] }> {
  const names = async (kind: LeadFilter['kind']) =>
    [
      ...new Set([...configuredNames(deps, kind).values(), ...(await listLeadValues(deps.db, kind, listed))]),
    ].sort();
  return { sources: await names('source'), rules: await names('rule') };
}

// Lower-cased name or label → the name leads store.
function configuredNames(deps: AppDeps, kind: LeadFilter['kind']): Map<string, string> {
  const out = new Map<string, string>();
  const labels = deps.policy.labels[kind === 'source' ? 'sources' : 'rules'] ?? {};
  const names =
    kind === 'source'
      ? [...Object.keys(deps.policy.leads.sources), ...Object.keys(labels)]
      : deps.policy.routing.rules.map((r) => r.name);
  for (const name of names) {
    out.set(name.toLowerCase(), name);
    const label = Object.hasOwn(labels, name) ? labels[name] : undefined;
    for (const text of [label?.['zh-CN'], label?.en]) if (text) out.set(text.toLowerCase(), name);
  }
  return out;
}
