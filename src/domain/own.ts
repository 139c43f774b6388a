// Owns looking a name up in a record: only the record's own entries count, never what Object.prototype lends it.

// "constructor", "toString", "__proto__", "hasOwnProperty"…: names every plain object answers to without having them.
export const reservedNames: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
]);

export function isReservedName(name: string): boolean {
  return reservedNames.has(name);
}

// A bare record[name] turns "constructor" into Object's constructor function; this turns it into undefined.
export function own<V>(record: Readonly<Partial<Record<string, V>>>, name: string): V | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

// The same data with every plain object made prototype-less, so even a bare index into it finds only real entries.
export function withoutPrototypes<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => withoutPrototypes(v)) as T;
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype)
    return value;
  const out: Record<string, unknown> = Object.create(null);
  for (const [k, v] of Object.entries(value)) out[k] = withoutPrototypes(v);
  return out as T;
}
