// Owns the Slack pickers served from the options route (block_suggestion): what an external_select offers as a person
// types. Anything refused or unreadable offers nothing rather than an error in the middle of typing.
import type { App } from '@slack/bolt';
import type { UserActor } from '../../src/app/commands/types.ts';
import { findCustomers } from '../../src/app/customers/find-customers.ts';
import { DomainError } from '../../src/domain/errors.ts';
import type { SlackInteraction } from './interaction.ts';
import { cut } from './render.ts';
import { customerOptionsActionId } from './views.ts';

export function registerSuggestions(app: App, { deps, person }: SlackInteraction): void {
  // The order form's customer picker: the same search as `customer find` (any CN/EN form, alias, tax ID, contact), so
  // someone who may not read customers, or typed only punctuation, gets an empty list rather than an error.
  app.options<'block_suggestion'>(customerOptionsActionId, async ({ ack, body, options, client }) => {
    let found: { name: string }[];
    try {
      const actor: UserActor = { kind: 'user', user: await person(client, body.user.id), via: 'slack' };
      found = (await findCustomers(deps, actor, { text: options.value, limit: 20 })).items;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      found = [];
    }
    await ack({
      options: found.map((c) => ({
        text: { type: 'plain_text', text: cut(c.name, 75) },
        value: cut(c.name, 150),
      })),
    });
  });
}
