// No card or reply reads a word twice ("此审批已已批准", "the the"): a template's own word must not repeat the word
// its variable already starts with.
import { describe, expect, it } from 'vitest';
import { orderReplyText, overrideReplyText } from '../../src/messages/catalogue/orders.ts';
import { type Card, locales } from '../../src/messages/model.ts';
import { catalogueSamples } from '../helpers/catalogue-samples.ts';

// Function characters that never stand twice in a row in correct Chinese, and any repeated English word.
const doubled = /([已了的被在是将])\1|\b([A-Za-z]{2,}) \2\b/;

function texts(card: Card): string[] {
  return [
    card.title,
    card.body ?? '',
    card.context ?? '',
    ...card.fields.flatMap((f) => [f.label, f.value]),
    ...card.actions.map((a) => a.label),
  ];
}

describe.each(locales)('no doubled words in %s', (locale) => {
  it('in any catalogue card', () => {
    const found = catalogueSamples(locale).flatMap(({ name, card }) =>
      texts(card)
        .filter((t) => doubled.test(t))
        .map((t) => `${name}: ${t}`),
    );
    expect(found).toEqual([]);
  });

  it.each(['approved', 'rejected', 'superseded', 'pending', 'waiting'])(
    'in the answer to a repeated click on an approval that is %s',
    (status) => {
      const text = orderReplyText({ kind: 'already', status }, locale);
      expect(text).not.toMatch(doubled);
    },
  );

  it.each(['approved', 'rejected'])('in the answer to a repeated click on an override %s', (status) => {
    expect(overrideReplyText({ kind: 'already', status }, locale)).not.toMatch(doubled);
  });

  it('the approved case names the outcome once', () => {
    const text = orderReplyText({ kind: 'already', status: 'approved' }, locale);
    expect(text).toContain(locale === 'zh-CN' ? '已批准' : 'approved');
    if (locale === 'zh-CN') expect(text).not.toContain('已已');
  });
});
