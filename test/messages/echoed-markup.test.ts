// A person's own text echoed back — a comment, a rejection reason, a lead's name and company in a card or a reply —
// reads as typed in Slack and Lark: "**urgent**" stays two stars, "urgent", two stars; it never turns bold or italic.
import { describe, expect, it } from 'vitest';
import { renderCard as larkCard } from '../../adapters/lark/render.ts';
import { renderCard as slackCard, renderReply as slackReply } from '../../adapters/slack/render.ts';
import { claimCard, myLeadsCard } from '../../src/messages/catalogue/leads/routing-cards.ts';
import { leadTexts } from '../../src/messages/catalogue/leads/texts.ts';
import { orderHistoryCard } from '../../src/messages/catalogue/orders/order-cards.ts';
import type { HistoryView } from '../../src/messages/catalogue/orders/views.ts';
import { literal } from '../../src/messages/literal.ts';
import type { Card } from '../../src/messages/model.ts';
import { renderedTexts } from '../helpers/rendered-texts.ts';

const typed = '**urgent** _today_ ~maybe~';

const history: HistoryView = {
  number: 'SO-2026-00042',
  currency: 'CNY',
  currentVersion: 1,
  status: 'rejected',
  timezone: 'Asia/Shanghai',
  attachments: [],
  comments: [{ by: '王芳', at: new Date('2026-11-02T04:00:00Z'), body: typed }],
  versions: [
    {
      version: 1,
      by: '王芳',
      at: new Date('2026-11-02T02:00:00Z'),
      totalMinor: 100_00,
      changes: [],
      decisions: [
        {
          level: 'manager',
          status: 'rejected',
          by: '李雷',
          reason: typed,
          at: new Date('2026-11-02T03:00:00Z'),
        },
      ],
    },
  ],
};

const lead = {
  id: 'lead-1',
  number: 'L-0001',
  name: typed,
  company: '**Acme** Ltd',
  email: null,
  phone: '138****0000',
  region: null,
  industry: null,
  source: 'web',
  campaign: null,
  reason: null,
};

const cards: [string, Card][] = [
  ['order history (comment, rejection reason)', orderHistoryCard(history, 'en')],
  ['lead card fields (name, company, masked phone)', claimCard(lead, 'en')],
  [
    'my leads list',
    myLeadsCard(
      [{ id: 'lead-1', number: 'L-0001', name: typed, company: '**Acme** Ltd', status: 'new', stage: null }],
      'en',
    ),
  ],
];

// Slack bolds *x*, italicises _x_ and strikes ~x~ when the closing mark is followed by a space or the end; every
// mark of the person's text is followed by a zero-width space instead.
const slackPairs = /\*(urgent|Acme)\*(?!\u200B)|_today_(?!\u200B)|~maybe~(?!\u200B)/;

// The markdown texts of a rendered card (Slack mrkdwn objects, Lark markdown elements); titles are plain text.
const slackMarkdown = (v: unknown) => renderedTexts(v, (o) => (o.type === 'mrkdwn' ? o.text : null));
const larkMarkdown = (v: unknown) => renderedTexts(v, (o) => (o.tag === 'markdown' ? o.content : null));

describe('a person’s markup echoed back', () => {
  it.each(cards)('%s: Slack shows the stars, underscores and tildes as typed', (_, card) => {
    const texts = slackMarkdown(slackCard(card, 'en')).filter(
      (t) => t.includes('urgent') || t.includes('Acme'),
    );
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) {
      expect(text).not.toMatch(slackPairs);
      expect(text.replaceAll('\u200B', '')).toMatch(/\*\*urgent\*\* _today_ ~maybe~|\*\*Acme\*\* Ltd/);
    }
  });

  it.each(cards)('%s: Lark shows them as characters, not **bold** or *italic*', (_, card) => {
    const json = larkMarkdown(larkCard(card, 'en')).join('\n');
    expect(json).not.toContain('**urgent**');
    expect(json).not.toContain('**Acme**');
    expect(json).not.toMatch(/\*today\*/);
    expect(json).toMatch(/&#42;\u200B&#42;\u200Burgent|&#42;\u200B&#42;\u200BAcme/);
  });

  it('a reply naming the lead keeps its name literal, and the catalogue’s own bold still works', () => {
    const text = leadTexts('en')('reply_accepted', { number: 'L-0001', name: literal(typed) });
    const reply = slackReply({ text: `**Done** ${text}`, tone: 'success' }, 'en');
    const slack = JSON.stringify(reply.blocks);
    expect(slack).toContain('*Done*');
    expect(slack).not.toContain('*urgent*');
    // The notification text is not mrkdwn: there the name reads as typed, and the catalogue's bold marks are gone.
    expect(reply.text).toBe(`Done Accepted: L-0001 ${typed} is yours now.`);
    // An email's underscore inside a word is left alone: it cannot italicise, and copying the address must work.
    expect(literal('li_lei@example.cn')).toBe('li_lei@example.cn');
  });
});
