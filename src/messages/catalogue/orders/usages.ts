// Catalogue (orders): how each order command is typed, in English and Chinese — the usage help lists and errors quote.
import type { Locale } from '../../model.ts';

export const newUsage: Record<Locale, string> = {
  en: 'order new lead:L-000042 sku:A100 qty:2 [price:99.50] [discount:10] plan:net-30 [terms:"…"]  (or customer:ACME; several lines: line:A100*2@99.50,B200*1)',
  'zh-CN':
    '订单 新建 线索:L-000042 产品:A100 数量:2 [价格:99.50] [折扣:10] 付款计划:net-30 [条款:"…"]（或 客户:某某公司；多行：明细:A100*2@99.50,B200*1）',
};

export const editUsage: Record<Locale, string> = {
  en: 'order edit SO-2026-00012 [line:A100*2@99.50,B200*1] [discount:20] [plan:net-30] [terms:"…" | terms:standard]',
  'zh-CN':
    '订单 修改 SO-2026-00012 [明细:A100*2@99.50,B200*1] [折扣:20] [付款计划:net-30] [条款:"…" | 条款:标准]',
};

export const submitUsage: Record<Locale, string> = {
  en: 'order submit SO-2026-00012',
  'zh-CN': '订单 提交 SO-2026-00012',
};

export const cancelUsage: Record<Locale, string> = {
  en: 'order cancel SO-2026-00012 [reason:"…"]',
  'zh-CN': '订单 取消 SO-2026-00012 [原因:"…"]',
};

export const reopenUsage: Record<Locale, string> = {
  en: 'order reopen SO-2026-00012',
  'zh-CN': '订单 重开 SO-2026-00012',
};

export const copyUsage: Record<Locale, string> = {
  en: 'order copy SO-2026-00012',
  'zh-CN': '订单 复制 SO-2026-00012',
};

export const overrideUsage: Record<Locale, string> = {
  en: 'order override SO-2026-00012 "customer paid the overdue invoice today"',
  'zh-CN': '订单 豁免 SO-2026-00012 "客户今天已付清逾期款"',
};

export const commentUsage: Record<Locale, string> = {
  en: 'order comment SO-2026-00012 "customer agreed to 20% upfront"',
  'zh-CN': '订单 评论 SO-2026-00012 "客户同意 20% 预付款"',
};

export const statusUsage: Record<Locale, string> = {
  en: 'order status SO-2026-00012',
  'zh-CN': '订单 状态 SO-2026-00012',
};

export const historyUsage: Record<Locale, string> = {
  en: 'order history SO-2026-00012',
  'zh-CN': '订单 历史 SO-2026-00012',
};

export const attachmentsUsage: Record<Locale, string> = {
  en: 'order attachments SO-2026-00012',
  'zh-CN': '订单 附件 SO-2026-00012',
};

export const orderShowUsage: Record<Locale, string> = {
  en: 'order show SO-2026-00012',
  'zh-CN': '订单 查看 SO-2026-00012',
};

export const orderMineUsage: Record<Locale, string> = { en: 'order mine', 'zh-CN': '订单 我的' };

export const orderWaitingUsage: Record<Locale, string> = { en: 'order waiting', 'zh-CN': '订单 待审批' };
