// Text from a person or a file — a product's or customer's name, a search, a reason, a payer, memo or bank ref, a file
// name, a rep's name in the digest, an audit actor, input an error echoes — is shown exactly as typed by every
// renderer: Slack Block Kit, the Lark card and the console page's own markdown. No bold, italic, strike or code from
// it, no mention (<!channel>, <@U…>, <at id=all>), no link, no tag.
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { renderCard as larkCard } from '../../adapters/lark/render.ts';
import { replyCard } from '../../adapters/lark/replies.ts';
import { renderReply as slackReply } from '../../adapters/slack/render.ts';
import { notFound } from '../../src/domain/errors.ts';
import { auditCard } from '../../src/messages/catalogue/audit.ts';
import { emailReviewCard } from '../../src/messages/catalogue/collections-email-review.ts';
import { creditHoldCard } from '../../src/messages/catalogue/collections-holds.ts';
import { dunningCard } from '../../src/messages/catalogue/collections-reminders.ts';
import { customerListCard } from '../../src/messages/catalogue/customers.ts';
import { digestCard } from '../../src/messages/catalogue/digest.ts';
import { errorText } from '../../src/messages/catalogue/errors.ts';
import { unknownCommandCard } from '../../src/messages/catalogue/help.ts';
import {
  commentCard,
  creditOverrideCard,
  creditOverrideDecidedCard,
  orderAttachmentsCard,
  orderListCard,
} from '../../src/messages/catalogue/orders.ts';
import { productListCard } from '../../src/messages/catalogue/products.ts';
import { reconExceptionCard } from '../../src/messages/catalogue/reconcile.ts';
import { statementSummaryCard } from '../../src/messages/catalogue/reconcile-summary.ts';
import type { Card, PrivateReply } from '../../src/messages/model.ts';
import {
  dunning,
  override,
  recon,
  riskyCredit,
  smallOrder,
  statementSummary,
} from '../helpers/catalogue-samples.ts';
import { digestView } from '../helpers/digest-sample.ts';
import { renderedTexts } from '../helpers/rendered-texts.ts';

// Every trick at once: each card below must show this, character for character, and do nothing else with it.
const typed = '**x** _x_ ~x~ `x` <!channel> <@U123> <at id=all></at> [a](http://evil) <script>';

const order = {
  ...smallOrder,
  customer: typed,
  requester: typed,
  lines: [{ description: typed, quantity: 1, amountMinor: 100_00 }],
};

const cards: [string, Card | PrivateReply][] = [
  ['unknown command echoed', unknownCommandCard(typed, ['lead new'], 'lead new <name>', 'en')],
  [
    'product search and product name',
    productListCard(
      typed,
      [
        {
          sku: 'CL-PRO',
          name: typed,
          nameZh: null,
          nameEn: null,
          unit: null,
          currency: 'CNY',
          unitPriceMinor: 100_00,
          taxRateBp: null,
          prices: [],
        },
      ],
      1,
      'en',
    ),
  ],
  [
    'customer search, name and owner',
    customerListCard(
      typed,
      [{ name: typed, owner: typed, region: null, creditLimitMinor: null, currency: 'CNY' }],
      1,
      'en',
    ),
  ],
  ['order comment: author, body, customer', commentCard(order, typed, typed, 'en')],
  [
    'order list: customer and requester',
    orderListCard(
      'mine',
      [
        {
          id: '00000000-0000-4000-8000-000000000042',
          number: 'SO-2026-00042',
          version: 1,
          status: 'pending_approval',
          totalMinor: 100_00,
          currency: 'CNY',
          customer: typed,
          step: null,
          requester: typed,
        },
      ],
      'en',
    ),
  ],
  [
    'credit override asked: reason, customer, line',
    creditOverrideCard(order, { ...override, reason: typed, requestedBy: typed }, riskyCredit, 'en'),
  ],
  [
    'credit override rejected: reason',
    creditOverrideDecidedCard(
      order,
      { ...override, reason: typed },
      riskyCredit,
      { kind: 'rejected', by: typed, reason: typed },
      'en',
    ),
  ],
  [
    'reconcile exception: payer, memo, bank ref',
    reconExceptionCard(
      recon({ kind: 'unknown_payer', reference: null, payer: typed, memo: typed, bankTxnId: typed }),
      'en',
    ),
  ],
  [
    'statement summary: file name and account',
    statementSummaryCard(
      { ...statementSummary, fileName: typed, accounts: [typed], left: 0, nextPage: 2, pageSize: 10 },
      'en',
    ),
  ],
  [
    'order attachments: file name',
    orderAttachmentsCard(
      {
        number: 'SO-2026-00042',
        timezone: 'Asia/Shanghai',
        attachments: [
          {
            id: 'f1',
            fileName: typed,
            sizeBytes: 10,
            contentType: null,
            by: typed,
            at: new Date('2026-11-02T02:00:00Z'),
          },
        ],
      },
      'en',
    ),
  ],
  ['dunning reminder: customer and rep', dunningCard(dunning({ customerName: typed, repName: typed }), 'en')],
  [
    'credit hold: customer and rep',
    creditHoldCard({ customerName: typed, repName: typed, items: [dunning({ daysPastDue: 31 })] }, 'en'),
  ],
  [
    'customer e-mail review: subject and text',
    emailReviewCard(
      {
        emailId: 'e1',
        customerName: typed,
        to: 'ap@acme.example',
        subject: typed,
        body: typed,
        sendsAt: '2026-05-02 11:00',
      },
      'en',
    ),
  ],
  [
    'digest: the people it is about',
    digestCard(
      (() => {
        const view = digestView('weekly', false);
        return {
          ...view,
          scope: { kind: 'tree' as const, name: typed },
          idle: { count: 12, days: 5, topOwner: { name: typed, count: 7 } },
          standings: {
            behind: [{ id: 'a', name: typed, attainment: 0.1, gap: -900 }],
            ahead: [],
          },
        };
      })(),
      'en',
    ),
  ],
  [
    'audit lines shown in chat: who',
    auditCard(
      {
        entries: [
          {
            id: 1,
            at: new Date('2026-11-02T02:00:00Z'),
            actor: { id: 'u1', label: typed, name: typed },
            platform: 'slack',
            action: 'order.comment',
            entityType: 'order',
            entityId: 'o1',
            before: null,
            after: null,
            sealed: true,
          },
        ],
        nextCursor: null,
        entity: null,
      },
      'Asia/Shanghai',
      'en',
    ),
  ],
  [
    'an error reply echoing the input',
    { text: errorText(notFound('customer_not_found', { customer: typed }), 'en'), tone: 'warning' },
  ],
];

const asReply = (c: Card | PrivateReply): PrivateReply =>
  'fields' in c ? { text: c.title, tone: c.tone, card: c } : c;

// The zero-width spaces that keep a mark from pairing are invisible: a reader sees the text without them.
const unseen = (s: string) => s.replaceAll('\u200B', '');

// A pair of the hostile text's own marks around x that a markdown reader would format: the closing mark not followed
// by the zero-width space.
const pairs = /\*\*x\*\*|([*_~`])x\1(?!\u200B)/;

describe('Slack shows untrusted text as typed', () => {
  it.each(cards)('%s', (_, card) => {
    const message = slackReply(asReply(card), 'en');
    const shown = renderedTexts(message.blocks, (o) => (o.type === 'mrkdwn' ? o.text : null));
    const all = [...shown, message.text].join('\n');
    // Slack reads <…> as mentions and links: every one arrives as &lt; … &gt;, shown as the characters.
    expect(all).not.toContain('<');
    const read = unseen(shown.join('\n'))
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
    expect(read).toContain(typed);
    for (const text of shown.filter((t) => unseen(t).includes('x** _x_'))) expect(text).not.toMatch(pairs);
  });
});

describe('Lark shows untrusted text as typed', () => {
  it.each(cards)('%s', (_, card) => {
    const shown = renderedTexts(larkCard(replyCard(asReply(card)), 'en'), (o) =>
      o.tag === 'markdown' ? o.content : null,
    ).join('\n');
    // No tag (<at>, <font>, <script>), no [text](url) link, no bold, italic, strike or code of the person's marks.
    expect(shown).not.toMatch(/<|\]\(|\*\*x\*\*|\*x\*|~~|`x`/);
    const read = unseen(shown).replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));
    expect(read).toContain(typed);
  });
});

// The console page draws cards with its own markdown function; it runs here as the page runs it.
const page = readFileSync(new URL('../../adapters/console/console.html', import.meta.url), 'utf8');
const source = (name: string) => {
  const start = page.indexOf(name);
  if (start === -1) throw new Error(`console.html has no ${name}`);
  return page.slice(start, page.indexOf('\n  }\n', start) + 4);
};
const consoleMarkdown = runInNewContext(
  `${page.slice(page.indexOf('  const esc = '), page.indexOf('\n', page.indexOf('  const esc = ')))}
  ${source('function inline(')}
  ${source('function markdown(')}
  markdown;`,
) as (text: string) => string;

describe('the console shows untrusted text as typed', () => {
  it.each(cards)('%s', (_, card) => {
    const reply = asReply(card);
    const c = reply.card;
    const parts = c
      ? [
          c.body ?? '',
          ...c.fields.map((f) => f.value),
          ...(c.items ?? []).map((i) => i.text),
          c.context ?? '',
        ]
      : [reply.text];
    const html = parts.map(consoleMarkdown).join('\n');
    // Nothing the person typed became an element: no script, link, bold, italic or code around their x.
    expect(html).not.toMatch(/<(script|a|at)\b/);
    expect(html).not.toMatch(/<(strong|em|code)>\u200B*x/);
    const read = unseen(html.replace(/<[^>]+>/g, ''))
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&amp;', '&');
    expect(read).toContain(typed);
  });
});
