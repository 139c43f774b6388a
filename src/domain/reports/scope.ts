// Owns what a report covers: the whole org, a person's tree (facts credited by the manager of their time), or a fixed
// set of people (one rep, a region within the asker's tree); and the leads a report may be narrowed to.

export type FactScope =
  | { kind: 'org' }
  // Facts owned by rootId, or by anyone whose manager at the time of the fact was one of memberIds (the tree).
  | { kind: 'tree'; rootId: string; memberIds: readonly string[] }
  | { kind: 'owners'; ownerIds: readonly string[] };

export type ScopeRequest =
  | { kind: 'mine' }
  | { kind: 'org' }
  | { kind: 'rep'; ref: string }
  | { kind: 'team'; ref: string }
  | { kind: 'region'; region: string }
  // A reach (the asker's own, or a rep / team / region within it) narrowed to the leads of one source / routing rule.
  | { kind: 'source'; source: string; within?: PeopleScopeRequest }
  | { kind: 'rule'; rule: string; within?: PeopleScopeRequest };

export type PeopleScopeRequest = Exclude<ScopeRequest, { kind: 'source' } | { kind: 'rule' }>;

// Leads of one source or routing rule (as stored on the lead), within the asker's reach. Facts that come from no lead
// (an order typed in without one) are outside every lead filter.
export interface LeadFilter {
  kind: 'source' | 'rule';
  value: string;
}
