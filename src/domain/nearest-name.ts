// Owns "did you mean …" for configured and column names: the known name nearest to a typo. Pure.

// Levenshtein distance over code points, so one Chinese character is one edit.
export function nameDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++)
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (s[i - 1] === t[j - 1] ? 0 : 1),
      );
    prev = row;
  }
  return prev[t.length] ?? 0;
}

// The known name nearest to a typo (at most a third of it changed, two edits for short names); null when none is.
export function nearestName(word: string, known: Iterable<string>): string | null {
  let best: { name: string; d: number } | null = null;
  const typed = word.toLowerCase();
  for (const name of known) {
    const d = nameDistance(typed, name.toLowerCase());
    const allowed = Math.max(2, Math.floor(Array.from(name).length / 3));
    if (d <= allowed && (best === null || d < best.d)) best = { name, d };
  }
  return best?.name ?? null;
}

// The known names, the nearest to a typo first (ties keep their order), so a fix lists the likely one first. A name
// the typo begins (zh for zh-CN) counts as one edit away, however much was left off.
export function nearestFirst(word: string, known: Iterable<string>): string[] {
  const typed = word.toLowerCase();
  const distance = (name: string) =>
    typed !== '' && name.startsWith(typed)
      ? Math.min(1, nameDistance(typed, name))
      : nameDistance(typed, name);
  return [...known]
    .map((name, i) => ({ name, i, d: distance(name.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .map((n) => n.name);
}
