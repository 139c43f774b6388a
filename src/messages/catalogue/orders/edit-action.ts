// Catalogue (orders): the Edit button and the words of the edit form.
import { type Texts, translator } from '../../i18n.ts';
import type { Action, Locale } from '../../model.ts';

export const editTexts: Texts<
  | 'edit'
  | 'editTitle'
  | 'editIntro'
  | 'editSubmit'
  | 'editLines'
  | 'editLinesHint'
  | 'editPlan'
  | 'editTermsKind'
  | 'editStandard'
  | 'editNonStandard'
  | 'editTerms'
  | 'editTermsHint'
  | 'editNote'
  | 'editNoteHint'
  | 'editHowTo'
> = {
  en: {
    edit: 'Edit',
    editTitle: 'Edit {number}',
    editIntro:
      'Order **{number}** for **{customer}**, version {version} ({status}). Saving makes version {next}{again}.',
    editSubmit: 'Save changes',
    editLines: 'Lines',
    editLinesHint:
      'One line each: SKU*quantity@unit price -discount%, e.g. A100*2@99.50 -10%. A line without a product: "Installation"*1@500.',
    editPlan: 'Payment plan',
    editTermsKind: 'Contract terms',
    editStandard: 'Standard terms',
    editNonStandard: 'Non-standard terms',
    editTerms: 'Terms text',
    editTermsHint: 'Only for non-standard terms: what differs from the standard contract.',
    editNote: 'Note',
    editNoteHint: 'Why the change; kept as a comment on the order.',
    editHowTo: 'Change {number} in the form: click Edit.',
  },
  'zh-CN': {
    edit: '修改',
    editTitle: '修改 {number}',
    editIntro:
      '订单 **{number}**，客户 **{customer}**，第 {version} 版（{status}）。保存后生成第 {next} 版{again}。',
    editSubmit: '保存修改',
    editLines: '明细',
    editLinesHint: '每行一条：SKU*数量@单价 -折扣%，例如 A100*2@99.50 -10%。无产品的明细："安装服务"*1@500。',
    editPlan: '付款计划',
    editTermsKind: '合同条款',
    editStandard: '标准条款',
    editNonStandard: '非标准条款',
    editTerms: '条款内容',
    editTermsHint: '仅非标准条款填写：与标准合同不同之处。',
    editNote: '备注',
    editNoteHint: '修改原因；作为订单评论保存。',
    editHowTo: '在表单中修改 {number}：点击「修改」。',
  },
};

export const againTexts: Texts<'again'> = {
  en: { again: ' and goes to approval again' },
  'zh-CN': { again: '，并重新送审' },
};

export function editAction(orderId: string, label: string): Action {
  return { id: 'order.edit', label, value: orderId };
}

export function orderEditHowTo(number: string, locale: Locale): string {
  return translator(editTexts, locale)('editHowTo', { number });
}
