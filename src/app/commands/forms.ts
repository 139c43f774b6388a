// Use case: find the form a click or a bare command opens, and open or submit it — the same on every platform.
import { DomainError } from '../../domain/errors.ts';
import { bareFormEntity, type Form, type PrivateReply } from '../../messages/model.ts';
import type { AppDeps } from '../deps.ts';
import { parseCommand } from './parse-command.ts';
import { formHandlers, textCommands } from './registry.ts';
import type { FormHandler, UserActor } from './types.ts';

export function formHandlerOf(id: string): FormHandler | undefined {
  return Object.hasOwn(formHandlers, id) ? formHandlers[id] : undefined;
}

// "order edit SO-2026-00012" with nothing else opens the edit form of that order; anything more runs as typed.
export function formOfCommand(text: string): { form: string; ref: string } | null {
  const match = parseCommand(text, textCommands);
  if (!match) return null;
  const { named, positional } = match.args;
  const ref = named.number ?? (positional.length === 1 ? positional[0] : undefined);
  const others =
    Object.keys(named).filter((k) => k !== 'number').length + (named.number ? positional.length : 0);
  if (!ref || others > 0) return null;
  const found = Object.entries(formHandlers).find(
    ([, h]) => h.open && h.command !== undefined && match.command.words.includes(h.command),
  );
  return found ? { form: found[0], ref } : null;
}

// "lead new", "线索 新建", "order new" or "lead log" typed alone: the id of the form it opens, with nothing chosen.
export function bareFormOfCommand(text: string): string | null {
  const match = parseCommand(text, textCommands);
  if (!match || match.args.positional.length > 0 || Object.keys(match.args.named).length > 0) return null;
  const found = Object.entries(formHandlers).find(
    ([, h]) => h.bare && match.command.words.includes(h.bare.command),
  );
  return found ? found[0] : null;
}

export async function openForm(deps: AppDeps, actor: UserActor, id: string, ref: string): Promise<Form> {
  const handler = formHandlerOf(id);
  if (!handler?.open) throw new DomainError('invalid', 'unknown_action', { action: id }, 'action');
  return handler.open(deps, actor, ref);
}

export async function openBareForm(deps: AppDeps, actor: UserActor, id: string): Promise<Form> {
  const handler = formHandlerOf(id);
  if (!handler?.bare) throw new DomainError('invalid', 'unknown_action', { action: id }, 'action');
  return handler.bare.open(deps, actor);
}

// A platform drawing again a form it sent (an error under a field, a product search's results): the bare form when
// it was one (nothing chosen yet, so nothing to open it for), else the form of its entity.
export async function reopenForm(
  deps: AppDeps,
  actor: UserActor,
  id: string,
  entityId: string,
): Promise<Form> {
  const handler = formHandlerOf(id);
  if (entityId === bareFormEntity && handler?.bare) return handler.bare.open(deps, actor);
  return openForm(deps, actor, id, entityId);
}

export async function submitForm(
  deps: AppDeps,
  actor: UserActor,
  id: string,
  form: { entityId: string; state: string; values: Record<string, string> },
): Promise<PrivateReply> {
  const handler = formHandlerOf(id);
  if (!handler) throw new DomainError('invalid', 'unknown_action', { action: id }, 'action');
  // A NUL character is dropped, as from a typed command: nobody types one, and text holding it cannot be stored. Slack
  // and Lark forms reach here without the HTTP check that refuses it on the console and the API.
  const clean = (text: string) => text.replaceAll('\u0000', '');
  return handler.submit(deps, actor, {
    entityId: clean(form.entityId),
    state: clean(form.state),
    values: Object.fromEntries(Object.entries(form.values).map(([k, v]) => [clean(k), clean(v)])),
  });
}
