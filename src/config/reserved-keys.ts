// Owns finding names in closeloop.yaml, as written, that every object already answers to (__proto__, constructor…).
import { isReservedName } from '../domain/own.ts';

// Read from the parsed YAML before the schema, which would silently drop a __proto__ key instead of refusing it.
export function reservedKeyPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => reservedKeyPaths(v, [...path, i]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) =>
    isReservedName(k) ? [[...path, k]] : reservedKeyPaths(v, [...path, k]),
  );
}
