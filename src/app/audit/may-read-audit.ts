// Owns the audit log's read permission as the chat command and the API route ask it.
import { can } from '../../domain/access/can.ts';
import { accessActorOf } from '../access/access-actor.ts';
import type { Actor } from '../deps.ts';

export function mayReadAudit(actor: Actor): boolean {
  return can(accessActorOf(actor), 'audit.read');
}
