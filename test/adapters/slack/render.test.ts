import { describe, expect, it } from 'vitest';
import {
  type Block,
  limits,
  mrkdwn,
  readButtonValue,
  renderCard,
  renderCards,
} from '../../../adapters/slack/render.ts';
import type { Card } from '../../../src/messages/model.ts';
import { catalogueSamples } from '../../helpers/catalogue-samples.ts';

const chars = (s: string) => [...s].length;

// Every limit Slack enforces on a message, as a list of broken rules (empty when the message would be accepted).
function violations(blocks: Block[], maxBlocks: number = limits.blocksPerMessage): string[] {
  const problems: string[] = [];
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks`);
  for (const [i, block] of blocks.entries()) {
    const at = `block ${i} (${block.type})`;
    if (block.type === 'header' && chars(block.text.text) > limits.header) problems.push(`${at} header`);
    if (block.type === 'section') {
      if (block.text && chars(block.text.text) > limits.text) problems.push(`${at} text`);
      if (!block.text && !block.fields?.length) problems.push(`${at} empty`);
      if ((block.fields?.length ?? 0) > limits.fieldsPerSection) problems.push(`${at} fields`);
      for (const f of block.fields ?? []) if (chars(f.text) > limits.fieldText) problems.push(`${at} field`);
    }
    if (block.type === 'context') {
      if (block.elements.length > limits.contextElements) problems.push(`${at} elements`);
      for (const e of block.elements)
        if ('text' in e && chars(e.text) > limits.text) problems.push(`${at} text`);
    }
    if (block.type === 'actions') {
      if (block.elements.length > limits.actionsPerBlock) problems.push(`${at} elements`);
      const ids = new Set<string>();
      for (const e of block.elements) {
        if (e.type !== 'button') continue;
        if (chars(e.text.text) > limits.buttonLabel) problems.push(`${at} label`);
        if ((e.value?.length ?? 0) > limits.buttonValue) problems.push(`${at} value`);
        if (!e.action_id || e.action_id.length > limits.actionId || ids.has(e.action_id))
          problems.push(`${at} action_id`);
        ids.add(e.action_id ?? '');
        const c = e.confirm;
        if (c) {
          if (chars(c.title?.text ?? '') > limits.confirmTitle) problems.push(`${at} confirm title`);
          if (chars(c.text?.text ?? '') > limits.confirmText) problems.push(`${at} confirm text`);
          if (chars(c.confirm?.text ?? '') > limits.confirmButton) problems.push(`${at} confirm`);
          if (chars(c.deny?.text ?? '') > limits.confirmButton) problems.push(`${at} deny`);
        }
      }
    }
  }
  return problems;
}

const buttons = (blocks: Block[]) =>
  blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])).filter((e) => e.type === 'button');

// Anything of the card that did not fit whole: a field or line past its limit, or more blocks than a message holds.
function oversized(card: Card): boolean {
  const lines = card.body?.split('\n') ?? [];
  return (
    chars(card.title) > limits.header - 4 ||
    lines.some((l) => chars(l) > limits.text - 10) ||
    card.fields.some((f) => chars(f.label) + chars(f.value) > limits.fieldText - 10) ||
    chars(card.context ?? '') > limits.text - 10 ||
    Math.ceil(chars(card.body ?? '') / limits.text) + Math.ceil(card.fields.length / 10) > 45
  );
}

describe('Block Kit rendering of every catalogue card', () => {
  for (const locale of ['en', 'zh-CN'] as const) {
    for (const sample of catalogueSamples(locale)) {
      it(`${locale} ${sample.name} stays within Block Kit's limits and keeps every button`, () => {
        const blocks = renderCard(sample.card, locale);
        // A list row's buttons sit under the row, before the card's own.
        const all = [...(sample.card.items ?? []).flatMap((it) => it.actions), ...sample.card.actions];
        expect(violations(blocks)).toEqual([]);
        expect(blocks[0]?.type).toBe('header');
        expect(
          buttons(blocks).map((b) => [b.action_id?.split('|')[0], readButtonValue(b.value ?? '').entityId]),
        ).toEqual(all.map((a) => [a.id, a.value]));
        // Buttons keep the card's order; several may share an action id (one per lead on a check-in).
        for (const [i, a] of all.entries()) {
          if (!a.prompt) continue;
          const b = buttons(blocks)[i];
          expect(readButtonValue(b?.value ?? '').prompt).toMatchObject({
            ...a.prompt,
            locale,
            title: a.label,
          });
        }
        const json = JSON.stringify(blocks);
        if (oversized(sample.card)) expect(json.includes('…')).toBe(true);
        for (const f of sample.card.fields.filter((x) => chars(x.value) < 100))
          expect(json).toContain(JSON.stringify(mrkdwn(f.value)).slice(1, -1));
      });
    }
  }
});

describe('cutting a card that cannot fit', () => {
  const huge: Card = {
    title: 'T'.repeat(400),
    body: Array.from({ length: 1000 }, (_, i) => `- line ${i} ${'x'.repeat(200)}`).join('\n'),
    fields: Array.from({ length: 120 }, (_, i) => ({ label: `F${i}`, value: `v${i}` })),
    actions: Array.from({ length: 30 }, (_, i) => ({ id: 'lead.claim', label: `B${i}`, value: `id-${i}` })),
    context: 'ctx',
    tone: 'warning',
  };

  it('keeps every button and the context, and says how many lines and fields were left out', () => {
    const blocks = renderCard(huge, 'en');
    expect(violations(blocks)).toEqual([]);
    expect(blocks).toHaveLength(limits.blocksPerMessage);
    expect(buttons(blocks)).toHaveLength(30);
    expect(blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'ctx', verbatim: true }],
    });
    const shownLines = blocks
      .filter((b) => b.type === 'section' && b.text)
      .reduce((n, b) => n + (b.type === 'section' ? (b.text?.text.split('\n').length ?? 0) : 0), 0);
    const shownFields = blocks.reduce((n, b) => n + (b.type === 'section' ? (b.fields?.length ?? 0) : 0), 0);
    const missing = 1000 - shownLines + (120 - shownFields);
    expect(missing).toBeGreaterThan(0);
    expect(blocks.at(-4)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `… and ${missing} more` }],
    });
  });

  it('says it in the reader’s language', () => {
    const note = renderCard(huge, 'zh-CN').at(-4);
    expect(note?.type === 'context' && note.elements[0]).toMatchObject({
      text: expect.stringMatching(/^…… 还有 \d+ 项$/),
    });
  });

  it('cuts one over-long line with a marker naming how much is missing', () => {
    const blocks = renderCard(
      { title: 'x', body: 'y'.repeat(5000), fields: [], actions: [], tone: 'info' },
      'en',
    );
    const section = blocks[1];
    expect(section?.type === 'section' && section.text?.text).toMatch(/… \(cut, \d+ more characters\)$/);
    expect(violations(blocks)).toEqual([]);
  });

  it('puts whole cards on App Home within 100 blocks and counts the cards left out', () => {
    const blocks = renderCards([huge, huge, huge], 'en', limits.blocksPerView);
    expect(violations(blocks, limits.blocksPerView)).toEqual([]);
    expect(JSON.stringify(blocks.at(-1))).toContain('… and 2 more cards');
  });
});

describe('markdown subset to mrkdwn', () => {
  it('converts bold and lists, escapes control characters, and makes no link (the subset has none)', () => {
    expect(mrkdwn('**Due** <today> & [ACME](https://acme.example/x?a=1)\n- one')).toBe(
      '*Due* &lt;today&gt; &amp; [ACME](https://acme.example/x?a=1)\n• one',
    );
  });
});
