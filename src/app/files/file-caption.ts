// Owns reading the caption a person sends with a file: which of the file commands it names, in English or Chinese.
import { tokenize } from '../commands/parse-command.ts';

export type FileCaption =
  | { kind: 'leads'; source?: string; campaign?: string }
  | { kind: 'statement' }
  | { kind: 'customers' }
  | { kind: 'products' }
  | { kind: 'attach'; number: string };

const leadWords = ['lead import', 'leads import', 'import leads', '线索 导入', '导入 线索', '导入线索'];
const statementWords = [
  'bank import',
  'statement import',
  'import statement',
  '流水 导入',
  '导入 流水',
  '导入流水',
  '对账单 导入',
  '银行 导入',
];
const attachWords = ['order attach', '订单 上传', '订单 添加附件'];
const customerWords = [
  'customer import',
  'customers import',
  'import customers',
  '客户 导入',
  '导入 客户',
  '导入客户',
];
const productWords = [
  'product import',
  'products import',
  'import products',
  '产品 导入',
  '导入 产品',
  '导入产品',
];

// The words a caption starts with, when they are one of ours.
function lead(tokens: string[], words: readonly string[]): number {
  for (const w of words) {
    const parts = w.split(' ');
    if (parts.every((p, i) => tokens[i]?.toLowerCase() === p)) return parts.length;
  }
  return 0;
}

const keyAliases: Record<string, string> = { 来源: 'source', 活动: 'campaign' };

// Mentions (<@U…>, @_user_1) are the adapter's business and are gone by now; null when the caption names no file command.
export function parseFileCaption(caption: string): FileCaption | null {
  const tokens = tokenize(caption);
  const forLeads = lead(tokens, leadWords);
  if (forLeads > 0) {
    const named: Record<string, string> = {};
    for (const token of tokens.slice(forLeads)) {
      const m = /^([\p{L}\w-]+)[:=](.+)$/u.exec(token);
      if (m?.[1] && m[2]) named[keyAliases[m[1]] ?? m[1].toLowerCase()] = m[2];
    }
    return {
      kind: 'leads',
      ...(named.source ? { source: named.source } : {}),
      ...(named.campaign ? { campaign: named.campaign } : {}),
    };
  }
  if (lead(tokens, statementWords) > 0) return { kind: 'statement' };
  if (lead(tokens, customerWords) > 0) return { kind: 'customers' };
  if (lead(tokens, productWords) > 0) return { kind: 'products' };
  const forAttach = lead(tokens, attachWords);
  if (forAttach > 0) {
    const number = tokens[forAttach];
    if (number) return { kind: 'attach', number };
  }
  return null;
}
