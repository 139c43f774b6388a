// Owns the audit log's read permission as the chat command and the API route ask it.
import { orgWide } from '../../domain/access/can.ts';
import { allowed } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';

// The log spans every record, so reading it takes an org-wide audit.read grant (or a key with audit:read).
export function mayReadAudit(deps: AppDeps, actor: Actor): boolean {
  return allowed(deps, actor, 'audit.read', orgWide);
}
