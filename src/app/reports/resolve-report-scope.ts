// Use case (query): what a report covers for the asker — their tree (or the org for admin/cfo/finance), narrowed to a
// rep, a team or a region they may see, or to the leads of a source / routing rule within it; anything outside their
// reach is refused, never silently widened.
import { forbidden, notFound } from '../../domain/errors.ts';
import { nameOfLabel } from '../../domain/labels.ts';
import type { FactScope, LeadFilter, ScopeRequest } from '../../domain/reports/scope.ts';
import { type Person, subtreeOf } from '../../domain/reports/tree.ts';
import { ancestorsByPerson } from '../../domain/roster/ancestors.ts';
import { allowed } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { reportVisibility } from './report-visibility.ts';

export type ScopeView = (
  | { kind: 'org' }
  | { kind: 'tree'; name: string }
  | { kind: 'rep'; name: string }
  | { kind: 'region'; region: string }
) & { leads?: LeadFilter };

export interface ResolvedScope {
  scope: FactScope;
  // The tree the report rolls up under: a person, or null for the whole org.
  rootId: string | null;
  // What the report is titled by: the org, a person's tree, one rep or a region (and the lead filter, if any).
  view: ScopeView;
  // Only facts of these leads (as asked: resolve-lead-filter.ts checks the name against those that exist).
  leads: LeadFilter | null;
}

// A person named by id, email, "@name", name or email's local part (case-insensitive, exact); the first match wins.
export function findPerson(people: readonly Person[], ref: string): Person | undefined {
  const r = ref.replace(/^@/, '').trim().toLowerCase();
  if (r === '') return undefined;
  return (
    people.find((p) => p.id === r) ??
    people.find((p) => p.email.toLowerCase() === r) ??
    people.find((p) => p.name.toLowerCase() === r) ??
    people.find((p) => p.email.toLowerCase().split('@')[0] === r)
  );
}

export function resolveReportScope(
  deps: AppDeps,
  people: readonly Person[],
  actor: Actor,
  request: ScopeRequest,
): ResolvedScope {
  const orgWide = reportVisibility(deps, actor) === 'org';
  const me = actor.kind === 'user' ? actor.user : null;
  const byId = new Map(people.map((p) => [p.id, p]));
  const ancestors = ancestorsByPerson(people);
  // Each person asked of the policy: report.read reaching them (own: me; team: my tree below me too).
  const maySee = (id: string) =>
    orgWide ||
    allowed(deps, actor, 'report.read', {
      ownerId: id,
      ownerManagers: ancestors.get(id) ?? [],
      region: byId.get(id)?.region ?? null,
    });
  const treeOf = (rootId: string): FactScope => ({
    kind: 'tree',
    rootId,
    memberIds: [...subtreeOf(people, rootId)].filter(maySee),
  });
  // A tree of one (a rep with nobody below) is named as that person alone, not "and team".
  const treeView = (scope: FactScope, name: string): ScopeView =>
    scope.kind === 'tree' && scope.memberIds.length > 1 ? { kind: 'tree', name } : { kind: 'rep', name };
  const own = (): ResolvedScope => {
    if (!me || orgWide) return { scope: { kind: 'org' }, rootId: null, view: { kind: 'org' }, leads: null };
    const scope = treeOf(me.id);
    return { scope, rootId: me.id, view: treeView(scope, me.name), leads: null };
  };
  const narrowed = (leads: LeadFilter, within: ScopeRequest | undefined): ResolvedScope => {
    const base = within ? resolveReportScope(deps, people, actor, within) : own();
    return { ...base, view: { ...base.view, leads }, leads };
  };
  const person = (ref: string) => {
    const found = findPerson(people, ref);
    if (!found) throw notFound('report_unknown_person', { ref });
    if (!maySee(found.id)) throw forbidden('report_person_forbidden', { name: found.name });
    return found;
  };
  switch (request.kind) {
    case 'org':
      if (!orgWide) throw forbidden('report_org_forbidden');
      return own();
    case 'mine':
      return own();
    case 'rep': {
      const rep = person(request.ref);
      return {
        scope: { kind: 'owners', ownerIds: [rep.id] },
        rootId: rep.id,
        view: { kind: 'rep', name: rep.name },
        leads: null,
      };
    }
    case 'team': {
      const head = person(request.ref);
      const scope = treeOf(head.id);
      return { scope, rootId: head.id, view: treeView(scope, head.name), leads: null };
    }
    case 'region': {
      // Typed as the cards show it (区域:华东) or as its name (east).
      const region = nameOfLabel(deps.policy.labels.book, 'regions', request.region.trim()).toLowerCase();
      const members = people.filter((p) => (p.region ?? '').toLowerCase() === region && maySee(p.id));
      if (members.length === 0) throw notFound('report_unknown_region', { region: request.region });
      return {
        scope: { kind: 'owners', ownerIds: members.map((p) => p.id) },
        rootId: orgWide || !me ? null : me.id,
        view: { kind: 'region', region: members[0]?.region ?? request.region },
        leads: null,
      };
    }
    case 'source':
      return narrowed({ kind: 'source', value: request.source }, request.within);
    case 'rule':
      return narrowed({ kind: 'rule', value: request.rule }, request.within);
  }
}
