// Owns who may read the audit log from chat until the permission policy (can('audit.read')) takes the question over.
import type { Actor } from '../deps.ts';

const readers = new Set(['admin', 'finance', 'cfo']);

export function mayReadAudit(actor: Actor): boolean {
  if (actor.kind !== 'user') return true;
  return actor.user.roles.some((r) => readers.has(r));
}
