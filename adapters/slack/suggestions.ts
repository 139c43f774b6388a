// Owns the Slack pickers served from the options route (block_suggestion): what an external_select offers as a person
// types. Anything refused or unreadable offers nothing rather than an error in the middle of typing.
import type { App } from '@slack/bolt';
import { localeOf, type UserActor } from '../../src/app/commands/types.ts';
import { findCustomers } from '../../src/app/customers/find-customers.ts';
import { suggestProducts } from '../../src/app/products/suggest-products.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { productPickLabel } from '../../src/messages/catalogue/orders/product-picks.ts';
import type { SlackInteraction } from './interaction.ts';
import { cut } from './render.ts';
import { customerOptionsActionId, type FormContext, productOptionsActionId } from './views.ts';

// The app form a picker sits in names the order (its entityId), whose price list the offered prices are on.
function formEntityOf(view: { private_metadata?: string } | undefined): string | undefined {
  try {
    const context = JSON.parse(view?.private_metadata ?? '') as Partial<FormContext>;
    return typeof context.entityId === 'string' ? context.entityId : undefined;
  } catch {
    return undefined;
  }
}

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

  // The order forms' product pickers: active products by SKU or zh/en name, "SKU — name (price, unit)", value the SKU.
  // Slack shows option text as plain_text, so a name with < & > needs no escaping beyond what the API does.
  app.options<'block_suggestion'>(productOptionsActionId, async ({ ack, body, options, client }) => {
    let offered: { text: string; value: string }[] = [];
    try {
      const user = await person(client, body.user.id);
      const actor: UserActor = { kind: 'user', user, via: 'slack' };
      const found = await suggestProducts(deps, actor, {
        text: options.value,
        limit: 20,
        ...withEntity(formEntityOf(body.view)),
      });
      const locale = localeOf(deps, actor);
      offered = found.map((p) => ({ text: productPickLabel(p, locale), value: p.sku }));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
    await ack({
      options: offered.map((o) => ({
        text: { type: 'plain_text', text: cut(o.text, 75) },
        value: cut(o.value, 150),
      })),
    });
  });
}

const withEntity = (forEntity: string | undefined) => (forEntity ? { forEntity } : {});
