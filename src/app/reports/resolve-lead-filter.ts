// Use case (query): the source or routing rule a report is narrowed to, checked against those that exist — named in
// closeloop.yaml (a rule, a webhook's source) or found on leads, typed as its name or its label — and spelled as
// stored; an unknown one is refused listing the valid ones as the reader types them (labels), never reported as zeros.
import { findLeadValue, listLeadValues } from '../../db/reports/lead-filter-query.ts';
import { inEachLanguage, notFound } from '../../domain/errors.ts';
import { nameOfLabel, typedNames } from '../../domain/labels.ts';
import type { LeadFilter } from '../../domain/reports/scope.ts';
import type { AppDeps } from '../deps.ts';

const labelKind = (kind: LeadFilter['kind']) => (kind === 'source' ? 'sources' : 'rules');

// At most this many valid names are listed in a refusal.
const listed = 30;

export async function resolveLeadFilter(deps: AppDeps, filter: LeadFilter): Promise<LeadFilter> {
  const configured = configuredNames(deps, filter.kind);
  // People type what cards show them: a label (官网, 华东其他行业) stands for its name.
  const typed = nameOfLabel(deps.policy.labels.book, labelKind(filter.kind), filter.value.trim());
  const wanted = typed.toLowerCase();
  const named = configured.get(wanted) ?? (await findLeadValue(deps.db, filter.kind, typed));
  if (named !== null && wanted !== '') return { kind: filter.kind, value: named };
  const valid = [...configured.values(), ...(await listLeadValues(deps.db, filter.kind, listed))];
  const names = inEachLanguage('valid', (locale) =>
    typedNames(deps.policy.labels.book, labelKind(filter.kind), valid, locale)
      // As a reader looks a word up (expo before Website), not capitals first.
      .sort((a, b) => a.localeCompare(b, locale))
      .slice(0, listed)
      .join(locale === 'zh-CN' ? '、' : ', '),
  );
  throw filter.kind === 'source'
    ? notFound('report_unknown_source', { source: filter.value, ...names })
    : notFound('report_unknown_rule', { rule: filter.value, ...names });
}

// The sources and routing rules a report may be narrowed to, sorted: for the dashboard's filters.
export async function listLeadFilterNames(deps: AppDeps): Promise<{ sources: string[]; rules: string[] }> {
  const names = async (kind: LeadFilter['kind']) =>
    [
      ...new Set([...configuredNames(deps, kind).values(), ...(await listLeadValues(deps.db, kind, listed))]),
    ].sort();
  return { sources: await names('source'), rules: await names('rule') };
}

// Lower-cased name → the name leads store: webhook sources, routing rules. A label only says how a name reads, so
// labelling a source (web, chat) makes it no more valid than the leads carrying it do.
function configuredNames(deps: AppDeps, kind: LeadFilter['kind']): Map<string, string> {
  const names =
    kind === 'source' ? Object.keys(deps.policy.leads.sources) : deps.policy.routing.rules.map((r) => r.name);
  return new Map(names.map((name) => [name.toLowerCase(), name]));
}
