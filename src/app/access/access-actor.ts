// Owns turning the app's actor into what the permission decision (src/domain/access/can.ts) reads.
import type { AccessActor } from '../../domain/access/can.ts';
import type { Actor } from '../deps.ts';

export function accessActorOf(actor: Actor): AccessActor {
  return actor.kind === 'user'
    ? { kind: 'user', id: actor.user.id, roles: actor.user.roles }
    : { kind: actor.kind };
}
