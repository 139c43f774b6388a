// Every catalogue card, in both languages: titled, only buttons somebody handles, no template leftovers.
import { describe, expect, it } from 'vitest';
import { actionHandlers } from '../../src/app/commands/registry.ts';
import { type Card, locales } from '../../src/messages/model.ts';
import { catalogueSamples } from '../helpers/catalogue-samples.ts';
import { visibleTexts } from '../helpers/visible-texts.ts';

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
