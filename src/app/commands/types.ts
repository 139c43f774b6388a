// Owns the shape of a chat interaction, identical on the console, Slack and Lark: a click or a text command by a roster user.
import type { Action } from '../../domain/access/actions.ts';
import type { Form, Locale, PrivateReply } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../deps.ts';

export type UserActor = Extract<Actor, { kind: 'user' }>;

export interface ActionCommand {
  action: string;
  entityId: string;
  // The text typed into the action's prompt (a reject reason), when it has one.
  input?: string;
}

export type ActionHandler = (
  deps: AppDeps,
  actor: UserActor,
  command: ActionCommand,
) => Promise<PrivateReply>;

export interface ParsedArgs {
  // key:value pairs, keys lower-cased and mapped to their canonical (English) name.
  named: Record<string, string>;
  positional: string[];
}

export interface TextCommand {
  // Canonical words first, then aliases: ['lead new', '线索 新建'].
  words: string[];
  // Alias → canonical key, e.g. { 姓名: 'name', 公司: 'company' }.
  keyAliases?: Record<string, string>;
  // One-line usage per locale, shown by help and by a missing-argument error.
  usage: Record<Locale, string>;
  // The permission the command needs somewhere (src/domain/access): help lists it only to those who have it.
  needs?: Action;
  run(deps: AppDeps, actor: UserActor, args: ParsedArgs): Promise<PrivateReply>;
}

export function localeOf(deps: AppDeps, actor: UserActor): Locale {
  return actor.user.locale === 'en' || actor.user.locale === 'zh-CN'
    ? actor.user.locale
    : deps.policy.org.locale;
}

// A form an action (or a bare command) opens instead of running at once; its submit throws a DomainError whose
// `field` names the form field at fault, so every adapter can show the error on that field.
export interface FormHandler {
  // The text command that, followed by just the entity ("order edit <no>"), opens the same form prefilled.
  command?: string;
  open?(deps: AppDeps, actor: UserActor, ref: string): Promise<Form>;
  // The text command that, typed alone ("lead new", "order new", "lead log"), opens the form with nothing chosen.
  bare?: { command: string; open(deps: AppDeps, actor: UserActor): Promise<Form> };
  submit(
    deps: AppDeps,
    actor: UserActor,
    form: { entityId: string; state: string; values: Record<string, string> },
  ): Promise<PrivateReply>;
}
