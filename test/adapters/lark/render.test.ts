// Every catalogue card renders as valid Lark card JSON 2.0 under 30 KB; oversized ones are cut visibly, buttons kept.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commandForms, formCard } from '../../../adapters/lark/forms.ts';
import { cardBytes, MAX_CARD_BYTES, renderCard } from '../../../adapters/lark/render.ts';
import type { Card, Locale } from '../../../src/messages/model.ts';
import { asTyped } from '../../../src/messages/plain-text.ts';
import { catalogueSamples } from '../../helpers/catalogue-samples.ts';

const plainText = z.object({ tag: z.literal('plain_text'), content: z.string().min(1) }).strict();
const callbackButton = z
  .object({
    tag: z.literal('button'),
    text: plainText,
    type: z.enum(['default', 'primary', 'danger']),
    behaviors: z
      .array(
        z.object({
          type: z.literal('callback'),
          value: z
            .object({ action: z.string().regex(/^[a-z]+(\.[a-z_]+)+$/), value: z.string().min(1) })
            .strict(),
        }),
      )
      .length(1),
    confirm: z.object({ title: plainText, text: plainText }).strict().optional(),
    name: z.string().optional(),
    form_action_type: z.literal('submit').optional(),
  })
  .strict();
const markdown = z
  .object({
    tag: z.literal('markdown'),
    content: z.string(),
    text_size: z.literal('notation').optional(),
  })
  .strict();
const column = z
  .object({
    tag: z.literal('column'),
    width: z.enum(['auto', 'weighted']),
    weight: z.number().optional(),
    vertical_align: z.literal('top').optional(),
    elements: z.array(z.union([markdown, callbackButton])).min(1),
  })
  .strict();
const columnSet = z
  .object({
    tag: z.literal('column_set'),
    flex_mode: z.enum(['bisect', 'flow']),
    horizontal_spacing: z.string(),
    columns: z.array(column).min(1).max(2).or(z.array(column).min(1)),
  })
  .strict();
const form = z
  .object({
    tag: z.literal('form'),
    name: z.string(),
    elements: z.array(
      z.union([
        z
          .object({
            tag: z.literal('input'),
            name: z.string().startsWith('prompt_'),
            required: z.boolean(),
            max_length: z.number(),
            label: plainText,
            placeholder: plainText.optional(),
          })
          .strict(),
        markdown,
        callbackButton.extend({ form_action_type: z.literal('submit'), name: z.string() }),
      ]),
    ),
  })
  .strict();
const cardSchema = z
  .object({
    schema: z.literal('2.0'),
    config: z.object({ update_multi: z.literal(true), summary: z.object({ content: z.string() }) }).strict(),
    header: z
      .object({
        title: plainText,
        template: z.enum(['blue', 'green', 'orange', 'red']),
      })
      .strict()
      .optional(),
    body: z.object({ elements: z.array(z.union([markdown, columnSet, form])).min(1) }).strict(),
  })
  .strict();

function buttonValues(rendered: unknown): { action: string; value: string }[] {
  const found: { action: string; value: string }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.tag === 'button') {
        const [b] = o.behaviors as { value: { action: string; value: string } }[];
        if (b) found.push(b.value);
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(rendered);
  return found;
}

describe.each(['zh-CN', 'en'] as Locale[])('Lark rendering of every catalogue card (%s)', (locale) => {
  const samples = catalogueSamples(locale);
  it('has samples to render', () => {
    expect(samples.length).toBeGreaterThan(20);
    expect(samples.some((s) => s.name.includes('oversized'))).toBe(true);
  });

  it.each(samples.map((s) => [s.name, s.card] as [string, Card]))('%s', (_name, card) => {
    const rendered = renderCard(card, locale);
    const parsed = cardSchema.safeParse(rendered);
    expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true);
    expect(cardBytes(rendered)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(MAX_CARD_BYTES).toBeLessThan(30 * 1024);
    // The header is plain text: the title as a person reads it, without the marks that keep markdown from pairing.
    expect(rendered.header?.title.content).toBe(asTyped(card.title));
    // Every action is still clickable, whatever had to be cut.
    // A list row's buttons sit under the row; in each group plain buttons come first, then the forms.
    const grouped = (list: Card['actions']) => [
      ...list.filter((a) => !a.prompt),
      ...list.filter((a) => a.prompt),
    ];
    expect(buttonValues(rendered)).toEqual(
      [...(card.items ?? []).flatMap((it) => grouped(it.actions)), ...grouped(card.actions)].map((a) => ({
        action: a.id,
        value: a.value,
      })),
    );
    const text = JSON.stringify(rendered);
    const cut = text.includes(locale === 'en' ? 'cut to fit' : '已截断');
    const fullSize = Buffer.byteLength(JSON.stringify({ ...card }), 'utf8');
    if (!cut) {
      // Nothing was dropped: every field label and the body made it.
      // Lark shows &#60; and &#62; as < and >, the only characters a label needs written differently.
      for (const f of card.fields)
        expect(text).toContain(
          JSON.stringify(f.label).slice(1, -1).replace(/</g, '&#60;').replace(/>/g, '&#62;'),
        );
    } else {
      expect(fullSize).toBeGreaterThan(MAX_CARD_BYTES / 2);
    }
  });

  it('cuts only samples too big for Lark, and keeps the rest whole', () => {
    const notice = locale === 'en' ? 'cut to fit' : '已截断';
    const cut = samples.filter((s) => JSON.stringify(renderCard(s.card, locale)).includes(notice));
    expect(cut.every((s) => s.name.includes('oversized'))).toBe(true);
    for (const s of samples.filter((x) => !cut.includes(x))) {
      const body = renderCard(s.card, locale).body.elements[0];
      if (s.card.body) expect(body, s.name).toMatchObject({ tag: 'markdown' });
      if (s.card.body)
        expect(String(body?.content).length, s.name).toBeGreaterThanOrEqual(s.card.body.length - 2);
    }
  });
});

describe('Lark rendering details', () => {
  const card: Card = {
    title: 'Approve SO-2026-00001',
    body: 'Customer <at id=all></at> asks for _net 60_ terms\n- line one',
    fields: [
      { label: 'Amount', value: '¥120,000.00' },
      { label: 'Terms', value: 'net_60_days' },
      { label: 'Risk', value: 'low' },
    ],
    actions: [
      {
        id: 'order.approve',
        label: 'Approve',
        style: 'primary',
        value: 'ap-1',
        confirm: { title: 'Sure?', text: 'Approve it', confirm: 'Yes', deny: 'No' },
      },
      {
        id: 'order.reject',
        label: 'Reject',
        style: 'danger',
        value: 'ap-1',
        prompt: { label: 'Reason', minLength: 1 },
      },
    ],
    context: 'Level 1 of 2',
    tone: 'warning',
  };

  it('colours by tone, lays fields in two columns, and turns a prompt into a form', () => {
    const r = renderCard(card, 'en');
    expect(r.header).toEqual({ title: { tag: 'plain_text', content: card.title }, template: 'orange' });
    expect(r.config.update_multi).toBe(true);
    const [body, row1, row2, buttons, reject, context] = r.body.elements;
    // A mention smuggled into text is shown, never executed; _italic_ becomes Lark's *italic*.
    expect(body).toEqual({
      tag: 'markdown',
      content: 'Customer &#60;at id=all&#62;&#60;/at&#62; asks for *net 60* terms\n- line one',
    });
    expect(row1?.columns).toHaveLength(2);
    expect(row2?.columns).toHaveLength(1);
    expect(JSON.stringify(row1)).toContain('net_60_days');
    expect(buttons).toMatchObject({
      tag: 'column_set',
      columns: [
        {
          elements: [
            {
              tag: 'button',
              type: 'primary',
              confirm: { title: { content: 'Sure?' }, text: { content: 'Approve it' } },
              behaviors: [{ type: 'callback', value: { action: 'order.approve', value: 'ap-1' } }],
            },
          ],
        },
      ],
    });
    expect(reject).toMatchObject({
      tag: 'form',
      elements: [
        { tag: 'input', name: 'prompt_1', required: true, label: { content: 'Reason' } },
        { tag: 'button', form_action_type: 'submit', behaviors: [{ value: { action: 'order.reject' } }] },
      ],
    });
    expect(context).toMatchObject({ tag: 'markdown', text_size: 'notation', content: 'Level 1 of 2' });
  });

  it('shows a field error inside the form it belongs to', () => {
    const r = renderCard(card, 'en', {
      formError: { action: 'order.reject', text: 'reason: give a reason' },
    });
    const reject = r.body.elements.find((e) => e.tag === 'form');
    expect(JSON.stringify(reject)).toContain('reason: give a reason');
  });

  it('cuts a card over 30 KB visibly: fields first, then body text, buttons kept', () => {
    const line = '- **L-2026-00001** 上海星辰精密制造有限公司 · offered, awaiting acceptance\n';
    const huge: Card = {
      ...card,
      body: line.repeat(600),
      fields: Array.from({ length: 200 }, (_, i) => ({ label: `Line ${i}`, value: 'x'.repeat(100) })),
    };
    const r = renderCard(huge, 'en');
    const text = JSON.stringify(r);
    expect(cardBytes(r)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(cardBytes(r)).toBeGreaterThan(MAX_CARD_BYTES - 2048);
    expect(text).toContain('cut to fit');
    expect(text).not.toContain('Line 0');
    expect(text).toContain('order.approve');
    expect(text).toContain('order.reject');
    const body = r.body.elements[0]?.content as string;
    // The body ends on a whole line with a visible ellipsis.
    expect(body.endsWith('acceptance…')).toBe(true);

    const manyFields = renderCard({ ...huge, body: 'short' }, 'en');
    expect(cardBytes(manyFields)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(JSON.stringify(manyFields)).toContain('Line 0');
    expect(JSON.stringify(manyFields)).not.toContain('Line 199');
    expect(JSON.stringify(manyFields)).toContain('cut to fit');
  });

  it('a text-only reply has no header', () => {
    const r = renderCard({ title: '', body: 'Done', fields: [], actions: [], tone: 'success' }, 'en');
    expect(r.header).toBeUndefined();
    expect(r.body.elements).toEqual([{ tag: 'markdown', content: 'Done' }]);
  });
});

describe.each(['zh-CN', 'en'] as Locale[])('Lark command forms (%s)', (locale) => {
  const form = (card: ReturnType<typeof formCard>) =>
    (card.body.elements.find((e) => e.tag === 'form')?.elements ?? []) as Record<string, unknown>[];

  it.each(Object.keys(commandForms))(
    '"%s": one named, labelled control per field, submit last, under 30 KB',
    (command) => {
      const card = formCard(command, locale);
      expect(card).toMatchObject({ schema: '2.0', config: { update_multi: true } });
      const controls = form(card).filter((e) => e.tag !== 'markdown' && e.tag !== 'button');
      expect(controls.map((e) => e.name)).toEqual(commandForms[command]?.fields.map((f) => f.name));
      for (const c of controls) {
        expect(['input', 'select_static', 'date_picker']).toContain(c.tag);
        // Lark refuses a form control without a label or placeholder text.
        const text = (c.label ?? c.placeholder) as { tag: string; content: string };
        expect(text).toMatchObject({ tag: 'plain_text', content: expect.stringMatching(/\S/) });
        if (c.tag === 'select_static')
          for (const o of c.options as { text: { content: string }; value: string }[])
            expect(o.text.content).not.toMatch(/^choice\./);
      }
      expect(form(card).at(-1)).toMatchObject({ tag: 'button', form_action_type: 'submit' });
      expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
    },
  );

  it('a kept choice and date show again; a value the list does not have is not put back', () => {
    const kept = form(formCard('lead log', locale, { values: { kind: 'visit', next: '2026-12-03' } }));
    expect(kept.find((e) => e.name === 'kind')).toMatchObject({ initial_option: 'visit' });
    expect(kept.find((e) => e.name === 'next')).toMatchObject({ initial_date: '2026-12-03' });
    const bad = form(formCard('lead log', locale, { values: { kind: 'fax', next: 'soon' } }));
    expect(bad.find((e) => e.name === 'kind')).not.toHaveProperty('initial_option');
    expect(bad.find((e) => e.name === 'next')).not.toHaveProperty('initial_date');
  });
});
