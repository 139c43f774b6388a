// Owns the reporting tree: who sits under whom, each person's whole tree, and roll-ups where each level is the sum of
// its children. A fact counts for the manager the person reported to when it happened (see README "Reports"), so a
// rep who moved teams mid-period shows under the old manager for the facts before the move and under the new one after.

export interface Person {
  id: string;
  name: string;
  email: string;
  managerId: string | null;
  roles: readonly string[];
  region: string | null;
  active: boolean;
  // The person's own monthly target in org-currency minor units (roster target_monthly); null means the default.
  targetMonthlyMinor: number | null;
}

// What a fact row carries: whose it is, and whom they reported to at the time of the fact.
export interface Attributed<T> {
  ownerId: string;
  managerId: string | null;
  figures: T;
}

// Figures that add up: the roll-up needs only an empty value and a sum.
export interface Monoid<T> {
  empty(): T;
  add(a: T, b: T): T;
}

export interface TreeNode<T> {
  id: string;
  name: string;
  // The figures of this person and everyone below, attributed by time of fact.
  figures: T;
  // Only this person's own facts (under this parent).
  own: T;
  children: TreeNode<T>[];
  // Reported here earlier in the period and since moved: only the facts from before the move are shown here.
  former: boolean;
}

// Everyone whose chain of managers reaches rootId, rootId included; cycles in bad data end the walk.
export function subtreeOf(people: readonly Person[], rootId: string): Set<string> {
  const reports = reportsByManager(people);
  const seen = new Set<string>([rootId]);
  const queue = [rootId];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const child of reports.get(id) ?? []) {
      if (seen.has(child.id)) continue;
      seen.add(child.id);
      queue.push(child.id);
    }
  }
  return seen;
}

export function reportsByManager(people: readonly Person[]): Map<string | null, Person[]> {
  const ids = new Set(people.map((p) => p.id));
  const out = new Map<string | null, Person[]>();
  for (const p of people) {
    const key = p.managerId && ids.has(p.managerId) ? p.managerId : null;
    const list = out.get(key) ?? [];
    list.push(p);
    out.set(key, list);
  }
  for (const list of out.values())
    list.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return out;
}

// The tree below rootId (or the whole org when rootId is null: a node whose children are the top of the roster).
export function rollUp<T>(
  people: readonly Person[],
  rootId: string | null,
  facts: readonly Attributed<T>[],
  monoid: Monoid<T>,
  orgName = 'org',
): TreeNode<T> {
  const byId = new Map(people.map((p) => [p.id, p]));
  const reports = reportsByManager(people);
  // Facts by owner, then by the manager they had at the time.
  const factsOf = new Map<string, Map<string | null, T>>();
  for (const f of facts) {
    const perManager = factsOf.get(f.ownerId) ?? new Map<string | null, T>();
    const key = f.managerId && byId.has(f.managerId) ? f.managerId : null;
    perManager.set(key, monoid.add(perManager.get(key) ?? monoid.empty(), f.figures));
    factsOf.set(f.ownerId, perManager);
  }
  const sumOf = (values: Iterable<T>) => {
    let total = monoid.empty();
    for (const v of values) total = monoid.add(total, v);
    return total;
  };
  const visiting = new Set<string>();
  const node = (person: Person, parentId: string | null | undefined, former: boolean): TreeNode<T> => {
    const mine = factsOf.get(person.id);
    // Under a parent: only the facts from while they reported to it; at the root: all of their own facts.
    const own =
      parentId === undefined ? sumOf(mine?.values() ?? []) : (mine?.get(parentId) ?? monoid.empty());
    const children: TreeNode<T>[] = [];
    if (!former && !visiting.has(person.id)) {
      visiting.add(person.id);
      const current = reports.get(person.id) ?? [];
      for (const child of current) children.push(node(child, person.id, false));
      const currentIds = new Set(current.map((c) => c.id));
      for (const [ownerId, perManager] of factsOf) {
        if (currentIds.has(ownerId) || !perManager.has(person.id)) continue;
        const owner = byId.get(ownerId);
        if (owner) children.push(node(owner, person.id, true));
      }
      visiting.delete(person.id);
    }
    return {
      id: person.id,
      name: person.name,
      own,
      figures: sumOf([own, ...children.map((c) => c.figures)]),
      children,
      former,
    };
  };
  if (rootId !== null) {
    const root = byId.get(rootId);
    if (!root)
      return {
        id: rootId,
        name: rootId,
        own: monoid.empty(),
        figures: monoid.empty(),
        children: [],
        former: false,
      };
    return node(root, undefined, false);
  }
  const children = (reports.get(null) ?? []).map((p) => node(p, null, false));
  return {
    id: 'org',
    name: orgName,
    own: monoid.empty(),
    figures: sumOf(children.map((c) => c.figures)),
    children,
    former: false,
  };
}

export interface FlatRow<T> {
  id: string;
  name: string;
  depth: number;
  parentId: string | null;
  figures: T;
  former: boolean;
  leaf: boolean;
}

// Depth-first rows of a tree, each child list ordered by `rank` (highest first).
export function flatten<T>(root: TreeNode<T>, rank: (figures: T) => number): FlatRow<T>[] {
  const out: FlatRow<T>[] = [];
  const walk = (n: TreeNode<T>, depth: number, parentId: string | null) => {
    out.push({
      id: n.id,
      name: n.name,
      depth,
      parentId,
      figures: n.figures,
      former: n.former,
      leaf: n.children.length === 0,
    });
    const ordered = [...n.children].sort(
      (a, b) => rank(b.figures) - rank(a.figures) || a.name.localeCompare(b.name),
    );
    for (const c of ordered) walk(c, depth + 1, n.id);
  };
  walk(root, 0, null);
  return out;
}

// The same tree with every node's figures (and own figures) turned into something else.
export function mapTree<T, U>(node: TreeNode<T>, f: (figures: T) => U): TreeNode<U> {
  return {
    id: node.id,
    name: node.name,
    figures: f(node.figures),
    own: f(node.own),
    children: node.children.map((c) => mapTree(c, f)),
    former: node.former,
  };
}
