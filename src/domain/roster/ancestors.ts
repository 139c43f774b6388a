// Owns each person's chain of managers over a whole roster, read once, so a per-person permission check needs no walk.

export interface Reporting {
  id: string;
  managerId: string | null;
}

// Everyone above each person, nearest first. A manager id not on the roster ends the chain after it; a cycle in bad
// data ends it before anyone comes round again (the person themself included).
export function ancestorsByPerson(people: readonly Reporting[]): Map<string, readonly string[]> {
  const managerOf = new Map(people.map((p) => [p.id, p.managerId]));
  const out = new Map<string, readonly string[]>();
  for (const p of people) {
    const chain: string[] = [];
    const seen = new Set([p.id]);
    for (let m = p.managerId; m !== null && !seen.has(m); m = managerOf.get(m) ?? null) {
      seen.add(m);
      chain.push(m);
    }
    out.set(p.id, chain);
  }
  return out;
}
