// Every catalogue card, in both languages: titled, only buttons somebody handles, no template leftovers.
import { describe, expect, it } from 'vitest';
import { actionHandlers } from '../../src/app/commands/registry.ts';
import { type Card, locales } from '../../src/messages/model.ts';
import { catalogueSamples } from '../helpers/catalogue-samples.ts';

// Every string a user can see on the card, labelled by where it sits.
function visibleTexts(card: Card): [string, string][] {
  const texts: [string, string][] = [['title', card.title]];
  if (card.body !== undefined) texts.push(['body', card.body]);
  if (card.context !== undefined) texts.push(['context', card.context]);
  card.fields.forEach((f, i) => {
    texts.push([`fields[${i}].label`, f.label], [`fields[${i}].value`, f.value]);
  });
  (card.items ?? []).forEach((it, i) => {
    texts.push([`items[${i}].text`, it.text]);
  });
  // A list row's buttons are buttons like the card's own.
  [...card.actions, ...(card.items ?? []).flatMap((it) => it.actions)].forEach((a, i) => {
    texts.push([`actions[${i}].label`, a.label]);
    if (a.confirm) {
      const { title, text, confirm, deny } = a.confirm;
      texts.push(
        [`actions[${i}].confirm.title`, title],
        [`actions[${i}].confirm.text`, text],
        [`actions[${i}].confirm.confirm`, confirm],
        [`actions[${i}].confirm.deny`, deny],
      );
    }
    if (a.prompt) {
      texts.push([`actions[${i}].prompt.label`, a.prompt.label]);
      if (a.prompt.placeholder !== undefined)
        texts.push([`actions[${i}].prompt.placeholder`, a.prompt.placeholder]);
    }
  });
  return texts;
}

const totalLength = (card: Card) => visibleTexts(card).reduce((sum, [, text]) => sum + text.length, 0);

describe.each(locales)('catalogue cards in %s', (locale) => {
  const samples = catalogueSamples(locale);

  it('has uniquely named samples', () => {
    const names = samples.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(samples)('$name has a non-empty title', ({ card }) => {
    expect(card.title.trim()).not.toBe('');
  });

  it.each(samples)('$name carries only actions that a registered handler answers', ({ card }) => {
    for (const action of card.actions) {
      expect(Object.keys(actionHandlers)).toContain(action.id);
      expect(action.value.trim()).not.toBe('');
      expect(action.label.trim()).not.toBe('');
    }
  });

  it.each(samples)('$name shows no unreplaced {placeholder} or leaked undefined/NaN', ({ card }) => {
    const leftovers = visibleTexts(card).filter(([, text]) =>
      /\{\w+\}|\bundefined\b|\bNaN\b|\[object Object\]/.test(text),
    );
    expect(leftovers).toEqual([]);
  });

  it('oversized samples really exceed a chat message limit (Slack section text: 3,000 characters)', () => {
    const oversized = samples.filter((s) => s.name.endsWith('.oversized'));
    expect(oversized.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'leads.myLeads.oversized',
        'orders.approval.oversized',
        'orders.status.oversized',
        'collections.receivables.oversized',
        'help.oversized',
      ]),
    );
    for (const { name, card } of oversized)
      expect({ name, length: totalLength(card) > 3_000 }).toEqual({ name, length: true });
  });

  it('shows the actions each live card needs', () => {
    const ids = (name: string) => samples.find((s) => s.name === name)?.card.actions.map((a) => a.id);
    expect(ids('leads.offer')).toEqual(['lead.accept', 'lead.decline']);
    expect(ids('leads.claim')).toEqual(['lead.claim']);
    expect(ids('orders.approval')).toEqual(['order.approve', 'order.reject']);
    expect(ids('reconcile.exception.amountMismatch')).toEqual([
      'recon.ack',
      'recon.writeoff',
      'recon.match',
      'recon.split',
      'recon.assign',
    ]);
    expect(ids('reconcile.exception.acknowledged')).toEqual([]);
    expect(ids('reconcile.statementSummary')).toEqual(['recon.page']);
    expect(ids('reconcile.statementSummary.allPosted')).toEqual([]);
    expect(ids('reconcile.exception.splitOpen')).toEqual(['recon.split', 'recon.ack', 'recon.undo']);
    expect(ids('reconcile.exception.splitCredit')).toEqual(['recon.undo']);
  });
});
