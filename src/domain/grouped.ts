// Owns grouping rows read for many records at once by the record each belongs to, keeping the order they came in.
export function groupedBy<T, K, V = T>(
  rows: Iterable<T>,
  keyOf: (row: T) => K,
  entryOf: (row: T) => V = (row) => row as unknown as V,
): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = groups.get(key);
    if (list) list.push(entryOf(row));
    else groups.set(key, [entryOf(row)]);
  }
  return groups;
}
