// The console page shows a card's title and its buttons as text, with no markdown: a search or a name with * _ ~ `
// reads there as typed, with no invisible zero-width space after its marks (one would come along when copied). The
// card's markdown parts keep the space, so the marks still cannot pair there. The page's own functions run here.
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { customerListCard } from '../../../src/messages/catalogue/customers.ts';
import type { Card } from '../../../src/messages/model.ts';

const page = readFileSync(new URL('../../../adapters/console/console.html', import.meta.url), 'utf8');
const from = page.indexOf('  const esc = ');
const start = page.indexOf('  function renderCard(');
const renderCard = runInNewContext(
  `${page.slice(from, start)}${page.slice(start, page.indexOf('\n  }\n', start) + 4)}\nrenderCard;`,
) as (card: Card, owner: string) => string;

const typed = 'Star*Tools* Ltd_ ~old~ `x`';

describe('the console shows a card title as typed', () => {
  it('a search echoed in the title: no invisible mark; the body keeps its marks', () => {
    const card = customerListCard(
      typed,
      [{ name: typed, owner: 'Han', region: null, creditLimitMinor: null, currency: 'CNY' }],
      1,
      'en',
    );
    card.actions = [{ id: 'customer.show', label: `Open ${card.title}`, value: 'c1' }];
    const html = renderCard(card, 'r:1');
    const title = /<div class="title">([^<]*)<\/div>/.exec(html)?.[1] ?? '';
    expect(title).toContain(typed);
    expect(title).not.toContain('\u200B');
    const button = /<button[^>]*>([^<]*)<\/button>/.exec(html)?.[1] ?? '';
    expect(button).toContain(typed);
    expect(button).not.toContain('\u200B');
    expect(
      /<div class="body">([\s\S]*?)<\/div>\s*(<dl|<div class="context"|<div class="actions"|$)/.exec(
        html,
      )?.[1],
    ).toContain('*\u200BTools*\u200B');
  });
});
