// Owns reading a report command's words — a period, a rep / team / region / lead source / routing rule, a grouping, a
// page — into a request.
import { invalid } from '../../domain/errors.ts';
import { type FunnelGroupBy, funnelGroupings } from '../../domain/reports/funnel.ts';
import {
  namedPeriod,
  type Period,
  periodError,
  rangePeriod,
  spacedRange,
  splitRange,
} from '../../domain/reports/period.ts';
import type { ScopeRequest } from '../../domain/reports/scope.ts';
import type { ParsedArgs } from '../commands/types.ts';

export interface ReportArgs {
  period: Period;
  scope: ScopeRequest;
  groupBy: FunnelGroupBy;
  offset: number;
}

const groupWords: Record<string, FunnelGroupBy> = {
  rep: 'rep',
  销售: 'rep',
  team: 'team',
  团队: 'team',
  source: 'source',
  来源: 'source',
  campaign: 'campaign',
  活动: 'campaign',
  region: 'region',
  区域: 'region',
  rule: 'rule',
  规则: 'rule',
};

export function groupingOf(word: string): FunnelGroupBy | null {
  const w = word.toLowerCase();
  if (Object.hasOwn(groupWords, w)) return groupWords[w] ?? null;
  return (funnelGroupings as readonly string[]).includes(w) ? (w as FunnelGroupBy) : null;
}

// The Chinese words for the named scopes (`来源:web`, `规则:"East manufacturing"`), as the report commands' keyAliases.
export const reportKeyAliases: Record<string, string> = {
  来源: 'source',
  规则: 'rule',
  团队: 'team',
  区域: 'region',
  销售: 'rep',
};

// Anything not understood is refused naming the word, so a typo never silently reports the wrong period.
export function readReportArgs(
  args: ParsedArgs,
  today: string,
  defaultPeriod: 'month' | 'today' = 'month',
): ReportArgs {
  let period: Period | null = null;
  let scope: ScopeRequest = { kind: 'mine' };
  let groupBy: FunnelGroupBy = 'none';
  const words = [...args.positional];
  const setPeriod = (p: Period | ReturnType<typeof rangePeriod>, value: string) => {
    if (typeof p === 'string') throw periodError(p, value);
    period = p;
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const lower = word.toLowerCase();
    const range = splitRange(word);
    const named = namedPeriod(word, today);
    const spaced = spacedRange(words, i);
    if (named) period = named;
    else if (range) setPeriod(rangePeriod(range[0], range[1]), word);
    else if (spaced) {
      setPeriod(rangePeriod(spaced.from, spaced.to), words.slice(i, i + spaced.words).join(' '));
      i += spaced.words - 1;
    } else if (lower === 'by' || lower === '按') {
      const g = groupingOf(words[i + 1] ?? '');
      if (!g) throw invalid('report_bad_group', 'groupBy', { value: words[i + 1] ?? '' });
      groupBy = g;
      i++;
    } else if (word.startsWith('@') || word.startsWith('<@'))
      scope = { kind: 'rep', ref: word.replace(/^<@|>$/g, '') };
    else if (lower === 'org' || lower === '全公司') scope = { kind: 'org' };
    else if (lower === 'team' || lower === '团队') scope = { kind: 'mine' };
    else throw invalid('report_bad_period', 'period', { value: word });
  }
  const n = args.named;
  if (n.from || n.to) setPeriod(rangePeriod(n.from ?? '', n.to ?? ''), `${n.from ?? ''}..${n.to ?? ''}`);
  if (n.period) {
    const named = namedPeriod(n.period, today);
    const range = splitRange(n.period);
    if (named) period = named;
    else setPeriod(range ? rangePeriod(range[0], range[1]) : 'bad_date', n.period);
  }
  if (n.rep) scope = { kind: 'rep', ref: n.rep };
  if (n.team) scope = { kind: 'team', ref: n.team };
  if (n.region) scope = { kind: 'region', region: n.region };
  scope = withLeads(scope, n.source, n.rule);
  if (n.by) {
    const g = groupingOf(n.by);
    if (!g) throw invalid('report_bad_group', 'groupBy', { value: n.by });
    groupBy = g;
  }
  const offset = n.offset ? Number.parseInt(n.offset, 10) : 0;
  return {
    period: period ?? (namedPeriod(defaultPeriod, today) as Period),
    scope,
    groupBy,
    offset: Number.isSafeInteger(offset) && offset > 0 ? offset : 0,
  };
}

// source:/rule: narrow whichever reach was asked for (the asker's own, a rep, a team, a region).
export function withLeads(scope: ScopeRequest, source?: string, rule?: string): ScopeRequest {
  if (scope.kind === 'source' || scope.kind === 'rule') return scope;
  const within = scope.kind === 'mine' ? undefined : scope;
  if (source !== undefined) return { kind: 'source', source, ...(within ? { within } : {}) };
  if (rule !== undefined) return { kind: 'rule', rule, ...(within ? { within } : {}) };
  return scope;
}

// The words that re-run the same report at another page, for the "Show more" button.
export function pageCommand(command: string, args: ReportArgs, offset: number): string {
  const parts = [command, `period:${args.period.from}..${args.period.to}`];
  // Quoted, so a name with spaces stays one value; quotes inside are dropped.
  const q = (v: string) => `"${v.replace(/["“”＂]/g, '')}"`;
  const leads = args.scope.kind === 'source' || args.scope.kind === 'rule' ? args.scope : null;
  const people = leads ? (leads.within ?? { kind: 'mine' as const }) : args.scope;
  if (people.kind === 'rep') parts.push(`rep:${q(people.ref)}`);
  if (people.kind === 'team') parts.push(`team:${q(people.ref)}`);
  if (people.kind === 'region') parts.push(`region:${q(people.region)}`);
  if (people.kind === 'org') parts.push('org');
  if (leads?.kind === 'source') parts.push(`source:${q(leads.source)}`);
  if (leads?.kind === 'rule') parts.push(`rule:${q(leads.rule)}`);
  if (args.groupBy !== 'none') parts.push(`by:${args.groupBy}`);
  parts.push(`offset:${offset}`);
  return parts.join(' ');
}
