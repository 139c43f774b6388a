// Use case: run a button click from any platform — the same command, permission checks and outbox everywhere.
import { DomainError } from '../../domain/errors.ts';
import type { PrivateReply } from '../../messages/model.ts';
import type { AppDeps } from '../deps.ts';
import { actionHandlers } from './registry.ts';
import type { ActionCommand, UserActor } from './types.ts';

export async function dispatchAction(
  deps: AppDeps,
  actor: UserActor,
  command: ActionCommand,
): Promise<PrivateReply> {
  const handler = Object.hasOwn(actionHandlers, command.action) ? actionHandlers[command.action] : undefined;
  if (!handler) throw new DomainError('invalid', 'unknown_action', { action: command.action }, 'action');
  return handler(deps, actor, command);
}
