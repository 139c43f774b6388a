// Owns the rules of the ids other systems know a record by (`externalIds: { erp: "C-1001" }`): a lower-case system
// name and an id of 1–128 characters, merged over the ids the record already has. Pure.
import { type DomainError, invalid } from './errors.ts';
import { isReservedName } from './own.ts';

export function mergeExternalIds(
  current: Readonly<Record<string, string>>,
  given: Readonly<Record<string, string>>,
  entity: 'customer' | 'product',
): { ids: Record<string, string>; problems: DomainError[] } {
  const ids = { ...current };
  const problems: DomainError[] = [];
  for (const [system, value] of Object.entries(given)) {
    if (!/^[a-z][a-z0-9_-]{0,31}$/.test(system) || isReservedName(system)) {
      problems.push(invalid(`${entity}_external_system`, `externalIds.${system}`, { system }));
      continue;
    }
    const id = value.replace(/\s+/g, ' ').trim();
    if (!id || id.length > 128)
      problems.push(invalid(`${entity}_external_id`, `externalIds.${system}`, { system }));
    else ids[system] = id;
  }
  return { ids, problems };
}
