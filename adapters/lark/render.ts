// Owns Lark card JSON 2.0: the message model rendered as a Lark interactive card, always under the size limit.
import { larkTexts } from '../../src/messages/catalogue/lark.ts';
import { literal } from '../../src/messages/literal.ts';
import type { Action, Card, Locale, Tone } from '../../src/messages/model.ts';
import { asTyped, plainText } from '../../src/messages/plain-text.ts';

// Lark refuses cards over 30 KB; the margin covers the envelope the card travels in.
export const MAX_CARD_BYTES = 28 * 1024;

export type LarkElement = Record<string, unknown> & { tag: string };

export interface LarkCard {
  schema: '2.0';
  config: { update_multi: true; summary: { content: string } };
  header?: { title: { tag: 'plain_text'; content: string }; template: string };
  body: { elements: LarkElement[] };
}

// What a button or form sends back in card.action.trigger: the model's action id and entity id.
export interface CallbackValue {
  action: string;
  value: string;
}

export interface RenderOptions {
  // Shown inside the prompt form of this action, e.g. "reason: please give a reason" after a bad submit.
  formError?: { action: string; text: string };
  // Lark image_keys of the card's charts, by chart index (uploaded by the transport); without one the alt text shows.
  images?: readonly string[];
}

function chartElements(card: Card, images: readonly string[]): LarkElement[] {
  return (card.charts ?? []).map((chart, i) => {
    const key = images[i];
    return key
      ? {
          tag: 'img',
          img_key: key,
          alt: plain(chart.alt),
          title: plain(chart.title),
          scale_type: 'fit_horizontal',
          preview: true,
        }
      : { tag: 'markdown', content: toLarkMarkdown(literal(chart.alt)), text_size: 'notation' };
  });
}

const templateOf: Record<Tone, string> = {
  info: 'blue',
  success: 'green',
  warning: 'orange',
  danger: 'red',
};

export const promptFieldPrefix = 'prompt_';

// Lark shows plain_text as it is, so a person's text goes in as typed: the zero-width spaces that keep their marks
// from pairing in markdown would only be stray characters in a title, a label or a button.
export const plain = (content: string) => ({ tag: 'plain_text' as const, content: asTyped(content) });

// Lark markdown reads <at …>, <font …> and friends as tags: text from people must not mention @all or restyle a card.
export function escapeMarkdown(text: string): string {
  return text.replace(/</g, '&#60;').replace(/>/g, '&#62;');
}

// The model's small markdown subset into Lark's: only _italic_ differs (Lark writes *italic*). The subset has no links
// and no mentions, so nothing in a card — catalogue text or a lead's company alike — may become one in Lark either:
// [ ] of [text](url), ~~strike~~ and a lone * are written as character references, which Lark shows as the characters.
// So is a person's own backtick (one followed by a zero-width space, src/messages/literal.ts): it opens no code span.
export function toLarkMarkdown(text: string): string {
  return escapeMarkdown(text)
    .replace(/`\u200B/g, '&#96;\u200B')
    .replace(/\[/g, '&#91;')
    .replace(/\]/g, '&#93;')
    .replace(/~/g, '&#126;')
    .split(/(\*\*[^*]+\*\*)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\*/g, '&#42;')))
    .join('')
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,;:!?，。；：！？])/g, '$1*$2*');
}

function button(action: Action, extra: Record<string, unknown> = {}): LarkElement {
  const value: CallbackValue = { action: action.id, value: action.value };
  return {
    tag: 'button',
    text: plain(action.label),
    type: action.style ?? 'default',
    behaviors: [{ type: 'callback', value }],
    ...(action.confirm
      ? { confirm: { title: plain(action.confirm.title), text: plain(action.confirm.text) } }
      : {}),
    ...extra,
  };
}

// An action that needs a line of text (a reject reason) becomes a form: the input and its submit button.
function promptForm(action: Action, index: number, options: RenderOptions): LarkElement {
  const prompt = action.prompt;
  const error = options.formError?.action === action.id ? options.formError.text : null;
  return {
    tag: 'form',
    name: `form_${index}`,
    elements: [
      ...(prompt?.intro ? [{ tag: 'markdown', content: toLarkMarkdown(prompt.intro) }] : []),
      {
        tag: 'input',
        name: `${promptFieldPrefix}${index}`,
        required: (prompt?.minLength ?? 0) > 0,
        max_length: 1000,
        label: plain(prompt?.label ?? action.label),
        ...(prompt?.placeholder ? { placeholder: plain(prompt.placeholder) } : {}),
      },
      ...(error ? [{ tag: 'markdown', content: `<font color='red'>${escapeMarkdown(error)}</font>` }] : []),
      button(action, { name: `submit_${index}`, form_action_type: 'submit' }),
    ],
  };
}

function fieldRows(fields: Card['fields']): LarkElement[] {
  const rows: LarkElement[] = [];
  for (let i = 0; i < fields.length; i += 2) {
    rows.push({
      tag: 'column_set',
      flex_mode: 'bisect',
      horizontal_spacing: 'default',
      columns: fields.slice(i, i + 2).map((f) => ({
        tag: 'column',
        width: 'weighted',
        weight: 1,
        vertical_align: 'top',
        elements: [
          { tag: 'markdown', content: `**${escapeMarkdown(f.label)}**\n${toLarkMarkdown(f.value)}` },
        ],
      })),
    });
  }
  return rows;
}

// Plain buttons in one flowing row, then one form per action that asks for text first.
function actionElements(actions: readonly Action[], options: RenderOptions, base: number): LarkElement[] {
  const out: LarkElement[] = [];
  const buttons = actions.filter((a) => !a.prompt);
  if (buttons.length > 0) {
    out.push({
      tag: 'column_set',
      flex_mode: 'flow',
      horizontal_spacing: 'small',
      columns: buttons.map((a) => ({ tag: 'column', width: 'auto', elements: [button(a)] })),
    });
  }
  actions.forEach((a, i) => {
    if (a.prompt) out.push(promptForm(a, base + i, options));
  });
  return out;
}

function build(card: Card, locale: Locale, options: RenderOptions, cut: boolean): LarkCard {
  const elements: LarkElement[] = [];
  if (card.body) elements.push({ tag: 'markdown', content: toLarkMarkdown(card.body) });
  elements.push(...fieldRows(card.fields));
  // Each row's buttons sit under it; prompt forms are numbered past the card's own so every input name is unique.
  (card.items ?? []).forEach((item, row) => {
    elements.push({ tag: 'markdown', content: toLarkMarkdown(item.text) });
    elements.push(...actionElements(item.actions, options, (row + 1) * 100));
  });
  elements.push(...chartElements(card, options.images ?? []));
  if (cut) elements.push({ tag: 'markdown', content: larkTexts(locale)('truncated') });
  elements.push(...actionElements(card.actions, options, 0));
  if (card.context) {
    elements.push({ tag: 'markdown', content: toLarkMarkdown(card.context), text_size: 'notation' });
  }
  // The chat list's preview of the card: plain text, the card's words without marks.
  const summary = plainText(card.title || card.body || '').slice(0, 100);
  return {
    schema: '2.0',
    config: { update_multi: true, summary: { content: summary } },
    ...(card.title
      ? { header: { title: plain(asTyped(card.title).slice(0, 200)), template: templateOf[card.tone] } }
      : {}),
    body: { elements },
  };
}

export function cardBytes(card: LarkCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

// Renders the card; one over the limit keeps its buttons and body, loses fields from the end, then body text, with a visible notice.
export function renderCard(card: Card, locale: Locale, options: RenderOptions = {}): LarkCard {
  const full = build(card, locale, options, false);
  if (cardBytes(full) <= MAX_CARD_BYTES) return full;
  const fits = (c: Card) => cardBytes(build(c, locale, options, true)) <= MAX_CARD_BYTES;
  const body = card.body ?? '';
  if (fits({ ...card, fields: [] })) {
    const count = largest(card.fields.length, (n) => fits({ ...card, fields: card.fields.slice(0, n) }));
    return build({ ...card, fields: card.fields.slice(0, count) }, locale, options, true);
  }
  const length = largest(body.length, (n) => fits({ ...card, fields: [], body: `${body.slice(0, n)}…` }));
  const sliced = body.slice(0, length);
  // End on a whole line when one is near, so a list item is not cut mid-word.
  const lastBreak = sliced.lastIndexOf('\n');
  const kept = lastBreak > 0 && lastBreak > length - 300 ? sliced.slice(0, lastBreak) : sliced;
  return build({ ...card, fields: [], body: length === 0 ? '' : `${kept}…` }, locale, options, true);
}

// The largest n in [0, max] for which ok(n) holds, given ok is true up to some point and false after it.
function largest(max: number, ok: (n: number) => boolean): number {
  let low = 0;
  let high = max;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (ok(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}
