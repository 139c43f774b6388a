// Owns the status words an export's status: filter takes, per kind, in English or Chinese: a word no record can
// have is refused listing the ones there are, so `status:won` never answers with a silently empty file.
import { invalid } from '../errors.ts';
import type { ExportKind } from './export-request.ts';

const leadStatuses = ['new', 'offered', 'accepted', 'converted', 'lost', 'merged'] as const;
// Installments are narrowed by their order's status.
const orderStatuses = [
  'draft',
  'pending_approval',
  'on_hold',
  'approved',
  'rejected',
  'cancelled',
  'superseded',
] as const;

const statusesOf: Partial<Record<ExportKind, readonly string[]>> = {
  leads: leadStatuses,
  orders: orderStatuses,
  installments: orderStatuses,
};

// The words people type beside the stored ones: the catalogue's Chinese labels and plain synonyms.
const leadWords = new Map<string, string>([
  ['新建', 'new'],
  ['待接受', 'offered'],
  ['已分配', 'offered'],
  ['待认领', 'offered'],
  ['已接受', 'accepted'],
  ['已转化', 'converted'],
  ['已转订单', 'converted'],
  ['已流失', 'lost'],
  ['流失', 'lost'],
  ['已合并', 'merged'],
]);
const orderWords = new Map<string, string>([
  ['草稿', 'draft'],
  ['待审批', 'pending_approval'],
  ['审批中', 'pending_approval'],
  ['pending', 'pending_approval'],
  ['信用冻结', 'on_hold'],
  ['暂停', 'on_hold'],
  ['已批准', 'approved'],
  ['已审批', 'approved'],
  ['已驳回', 'rejected'],
  ['驳回', 'rejected'],
  ['已取消', 'cancelled'],
  ['canceled', 'cancelled'],
  ['已替换', 'superseded'],
]);

// The stored status `word` means for `kind`; the kinds without a status filter are refused before this.
export function exportStatusOf(kind: ExportKind, word: string): string {
  const known = statusesOf[kind] ?? [];
  const typed = word
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  const aliased = (kind === 'leads' ? leadWords : orderWords).get(typed) ?? typed;
  if (known.includes(aliased)) return aliased;
  throw invalid('export_unknown_status', 'status', { value: word, kind, valid: known.join(', ') });
}
