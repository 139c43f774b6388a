// The Slack "order new" modal lists payment plans by their closeloop.yaml label in the reader's language; the value
// Slack sends back stays the plan's key.
import { describe, expect, it } from 'vitest';
import { orderModal } from '../../../adapters/slack/views.ts';
import { labelBook } from '../../../src/domain/labels.ts';

const labels = labelBook({ paymentPlans: { split_30_70: { 'zh-CN': '三七分期', en: '30/70 split' } } });

function planOptions(locale: 'zh-CN' | 'en') {
  const view = orderModal({ locale }, ['split_30_70', 'net-30'], labels);
  const block = view.blocks.find((b) => b.type === 'input' && b.block_id === 'plan');
  const element = block && 'element' in block ? block.element : null;
  return element && 'options' in element && element.options
    ? element.options.map((o) => ({ text: o.text.text, value: o.value }))
    : [];
}

describe('Slack order modal plan options', () => {
  it('shows labels, sends keys', () => {
    expect(planOptions('zh-CN')).toEqual([
      { text: '三七分期', value: 'split_30_70' },
      // No yaml label: the built-in plan's own name in the reader's language.
      { text: '30 天账期', value: 'net-30' },
    ]);
    expect(planOptions('en')[0]).toEqual({ text: '30/70 split', value: 'split_30_70' });
  });
});
