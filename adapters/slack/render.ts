// Owns turning the platform-neutral Card into Block Kit, inside Block Kit's limits, cutting visibly when a card is too big.
import type { types } from '@slack/bolt';
import { slackTexts } from '../../src/messages/catalogue/slack.ts';
import { literal } from '../../src/messages/literal.ts';
import type { Action, Card, Locale, PrivateReply, Prompt, Tone } from '../../src/messages/model.ts';
import { asTyped, plainText } from '../../src/messages/plain-text.ts';

export type Block = types.KnownBlock;

// Slack rejects a payload past any of these, so the renderer never emits one.
export const limits = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  text: 3000,
  header: 150,
  fieldsPerSection: 10,
  fieldText: 2000,
  actionsPerBlock: 25,
  contextElements: 10,
  buttonLabel: 75,
  buttonValue: 2000,
  actionId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  // The notification text; Slack truncates past 40,000 but recommends far less.
  fallbackText: 3000,
} as const;

const toneEmoji: Record<Tone, string> = {
  info: ':information_source:',
  success: ':white_check_mark:',
  warning: ':warning:',
  danger: ':rotating_light:',
};

// Slack action ids must be unique in a block, and one card may repeat an action; the index after '|' keeps them apart.
export function actionIdOf(action: Action, index: number): string {
  return `${action.id}|${index}`.slice(0, limits.actionId);
}

export function actionNameOf(actionId: string): string {
  const bar = actionId.lastIndexOf('|');
  return bar === -1 ? actionId : actionId.slice(0, bar);
}

// Cuts with a visible ellipsis; counts characters as people see them (code points), not UTF-16 units.
export function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

// A plain_text object shows every character as it is, so a person's text goes in as typed: the zero-width spaces that
// keep their marks from pairing in mrkdwn would only be stray characters in a header or a button.
export function plain(text: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: cut(asTyped(text), max) || ' ', emoji: true };
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// Slack has no escape character: a zero-width space after * or ~ keeps the pair from matching, the text reads the same.
const breakPair = (s: string) => s.replace(/[*~]/g, '$&\u200B');

// The message model's markdown subset → Slack mrkdwn: **b** → *b*, "- " → "• ". The subset has no links and no
// mentions, so nothing in a card — catalogue text or a lead's company alike — can become one: <, > and & are escaped
// (no <url|text>, <!channel>, <@U…>), a lone * or ~ cannot bold or strike, and text objects are verbatim (Slack does
// not turn @channel, #channel or a bare URL into a mention or link).
export function mrkdwn(markdown: string): string {
  const inline = (s: string) =>
    escapeText(s)
      .split(/(\*\*[^*]+\*\*)/)
      .map((part, i) => (i % 2 === 1 ? `*${breakPair(part.slice(2, -2))}*` : breakPair(part)))
      .join('');
  return inline(markdown).replace(/^- /gm, '• ');
}

interface Chunk {
  block: Block;
  // How many lines or fields of the card this block shows, to say how many were cut.
  items: number;
}

// A long body becomes several sections split at line ends; one line past the limit is cut with a marker.
function bodyChunks(body: string, locale: Locale): Chunk[] {
  const chunks: Chunk[] = [];
  let lines: string[] = [];
  let length = 0;
  const flush = () => {
    if (lines.length === 0) return;
    chunks.push({
      block: { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n'), verbatim: true } },
      items: lines.length,
    });
    lines = [];
    length = 0;
  };
  for (const raw of body.split('\n')) {
    const line = cutMarked(mrkdwn(raw), limits.text, locale);
    const lineSize = [...line].length + 1;
    if (length + lineSize > limits.text) flush();
    lines.push(line);
    length += lineSize;
  }
  flush();
  return chunks;
}

// Cuts a text past `max` with a marker saying how much is missing, so a cut is never silent.
function cutMarked(text: string, max: number, locale: Locale): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const t = slackTexts(locale);
  // The marker is sized with the larger count first, so the final one can only be as long or shorter.
  const keep = max - [...t('text_cut', { count: chars.length })].length - 1;
  return `${chars.slice(0, keep).join('')}${t('text_cut', { count: chars.length - keep })}`;
}

function fieldChunks(card: Card, locale: Locale): Chunk[] {
  const chunks: Chunk[] = [];
  for (let i = 0; i < card.fields.length; i += limits.fieldsPerSection) {
    const group = card.fields.slice(i, i + limits.fieldsPerSection);
    chunks.push({
      block: {
        type: 'section',
        fields: group.map((f) => ({
          type: 'mrkdwn',
          text: cutMarked(`*${escapeText(f.label)}*\n${mrkdwn(f.value)}`, limits.fieldText, locale),
          verbatim: true,
        })),
      },
      items: group.length,
    });
  }
  return chunks;
}

export interface ButtonValue {
  entityId: string;
  // A button whose action asks for text first opens a modal with this prompt, in the card's language.
  prompt?: Prompt & { locale: Locale; title: string };
}

// A plain entity id, or for a prompt action the id with the prompt, so the click can open its modal at once.
export function buttonValueOf(action: Action, locale: Locale): string {
  if (!action.prompt) return action.value;
  const value: ButtonValue = {
    entityId: action.value,
    prompt: { ...action.prompt, locale, title: action.label },
  };
  return JSON.stringify(value);
}

export function readButtonValue(value: string): ButtonValue {
  if (!value.startsWith('{')) return { entityId: value };
  try {
    const parsed = JSON.parse(value) as ButtonValue;
    return typeof parsed.entityId === 'string' ? parsed : { entityId: value };
  } catch {
    return { entityId: value };
  }
}

function button(action: Action, index: number, locale: Locale): types.Button {
  return {
    type: 'button',
    action_id: actionIdOf(action, index),
    text: plain(action.label, limits.buttonLabel),
    value: buttonValueOf(action, locale),
    ...(action.style ? { style: action.style } : {}),
    ...(action.confirm
      ? {
          confirm: {
            title: plain(action.confirm.title, limits.confirmTitle),
            text: plain(action.confirm.text, limits.confirmText),
            confirm: plain(action.confirm.confirm, limits.confirmButton),
            deny: plain(action.confirm.deny, limits.confirmButton),
            ...(action.style === 'danger' ? { style: 'danger' as const } : {}),
          },
        }
      : {}),
  };
}

function actionBlocks(card: Card, locale: Locale): { blocks: Block[]; dropped: number } {
  // A value past the limit cannot be shortened without pointing at another entity, so such a button is left out.
  const usable = card.actions
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => a.value.length > 0 && buttonValueOf(a, locale).length <= limits.buttonValue);
  const blocks: Block[] = [];
  for (let i = 0; i < usable.length; i += limits.actionsPerBlock) {
    blocks.push({
      type: 'actions',
      elements: usable
        .slice(i, i + limits.actionsPerBlock)
        .map(({ a, i: index }) => button(a, index, locale)),
    });
  }
  return { blocks, dropped: card.actions.length - usable.length };
}

// A list row: its line, then its own buttons; the pair counts as one item when the card is cut.
function itemChunks(card: Card, locale: Locale): Chunk[] {
  return (card.items ?? []).flatMap((item): Chunk[] => {
    const section: Chunk = {
      block: {
        type: 'section',
        text: { type: 'mrkdwn', text: cutMarked(mrkdwn(item.text), limits.text, locale), verbatim: true },
      },
      items: 1,
    };
    const usable = item.actions
      .map((a, i) => ({ a, i }))
      .filter(({ a }) => a.value.length > 0 && buttonValueOf(a, locale).length <= limits.buttonValue)
      .slice(0, limits.actionsPerBlock);
    if (usable.length === 0) return [section];
    const buttons: Block = { type: 'actions', elements: usable.map(({ a, i }) => button(a, i, locale)) };
    return [section, { block: buttons, items: 0 }];
  });
}

function moreBlock(count: number, locale: Locale): Block {
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: slackTexts(locale)('more_items', { count }) }],
  };
}

export interface RenderOptions {
  maxBlocks?: number;
  // Slack file ids of the card's charts, by chart index (uploaded by the transport); a chart without one shows its alt text.
  images?: readonly string[];
}

// Alt text is plain (no markup in Slack); an image block's alt_text and title take up to 2,000 characters. A chart not
// drawn shows it in mrkdwn instead, made literal there.
function chartChunks(card: Card, images: readonly string[]): Chunk[] {
  return (card.charts ?? []).map((chart, i) => {
    const id = images[i];
    const block: Block = id
      ? {
          type: 'image',
          slack_file: { id },
          alt_text: cut(chart.alt, 2000),
          title: plain(chart.title, 2000),
        }
      : {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: cut(escapeText(literal(chart.alt)), limits.text) }],
        };
    return { block, items: 1 };
  });
}

// Header, body, fields, buttons, context — with the buttons and context kept whole when something must go.
export function renderCard(card: Card, locale: Locale, options: RenderOptions = {}): Block[] {
  const maxBlocks = options.maxBlocks ?? limits.blocksPerMessage;
  const header: Block = {
    type: 'header',
    text: plain(`${toneEmoji[card.tone]} ${card.title}`, limits.header),
  };
  const content = [
    ...(card.body ? bodyChunks(card.body, locale) : []),
    ...fieldChunks(card, locale),
    ...itemChunks(card, locale),
    ...chartChunks(card, options.images ?? []),
  ];
  const actions = actionBlocks(card, locale);
  const tail: Block[] = [...actions.blocks];
  if (card.context)
    tail.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: cutMarked(mrkdwn(card.context), limits.text, locale), verbatim: true },
      ],
    });

  const room = maxBlocks - 1 - tail.length;
  let shown = content;
  let cutItems = actions.dropped;
  if (content.length > room || cutItems > 0) {
    // One block is kept for the "… and N more" line.
    shown = content.slice(0, Math.max(0, room - 1));
    cutItems += content.slice(shown.length).reduce((n, c) => n + c.items, 0);
  }
  const blocks = [header, ...shown.map((c) => c.block)];
  if (cutItems > 0) blocks.push(moreBlock(cutItems, locale));
  // A card with more buttons than fit in 50 blocks (over 1,000) keeps the first ones and says so.
  const tailRoom = maxBlocks - blocks.length;
  if (tail.length > tailRoom) {
    const kept = tail.slice(0, Math.max(0, tailRoom - 1));
    const lost = tail
      .slice(kept.length)
      .reduce((n, b) => n + (b.type === 'actions' ? b.elements.length : 1), 0);
    return [...blocks, ...kept, moreBlock(lost, locale)];
  }
  return [...blocks, ...tail];
}

// The notification and screen-reader text of a message. Every message the bot sends has blocks, and then Slack shows
// `text` only as the notification (chat.postMessage: "used as fallback text for notifications only"), where no mrkdwn
// is drawn: it is the card's words as typed, without marks. Slack still reads <!channel> in it as a mention, so <, >
// and & are escaped like every other text (and shown as the characters).
export function fallbackText(card: Card): string {
  const first = card.body?.split('\n').find((l) => l.trim() !== '');
  return notificationText(first ? `${card.title} — ${first}` : card.title);
}

function notificationText(markdown: string): string {
  return cut(escapeText(plainText(markdown)), limits.fallbackText);
}

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export function renderMessage(card: Card, locale: Locale, images: readonly string[] = []): SlackMessage {
  return { text: fallbackText(card), blocks: renderCard(card, locale, { images }) };
}

// Several cards on one surface (App Home: 100 blocks), divided; whole cards are cut, never half of one.
export function renderCards(cards: readonly Card[], locale: Locale, maxBlocks: number): Block[] {
  const blocks: Block[] = [];
  for (const [index, card] of cards.entries()) {
    const rendered = renderCard(card, locale, { maxBlocks: Math.min(limits.blocksPerMessage, maxBlocks) });
    const separator: Block[] = blocks.length > 0 ? [{ type: 'divider' }] : [];
    const remaining = cards.length - index - 1;
    const reserve = remaining > 0 ? 1 : 0;
    if (blocks.length + separator.length + rendered.length + reserve > maxBlocks) {
      blocks.push({
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: slackTexts(locale)('home_more', { count: cards.length - index }) },
        ],
      });
      return blocks;
    }
    blocks.push(...separator, ...rendered);
  }
  return blocks;
}

// What only the clicker sees: the reply's text, and its card when it has one.
export function renderReply(
  reply: PrivateReply,
  locale: Locale,
  images: readonly string[] = [],
): SlackMessage {
  const text = notificationText(reply.text);
  if (reply.card) return { text, blocks: renderCard(reply.card, locale, { images }) };
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: cutMarked(`${toneEmoji[reply.tone]} ${mrkdwn(reply.text)}`, limits.text, locale),
          verbatim: true,
        },
      },
    ],
  };
}
