// Catalogue: what goes wrong working reconciliation exceptions, receipts and invoices (DomainError codes), zh-CN and en.
import type { Locale } from '../model.ts';

// DomainError codes of this slice (see errors.ts); a refused statement file's are in statement-import.ts.
export const reconcileErrors: Record<Locale, Record<string, string>> = {
  en: {
    recon_exception_unknown: 'No reconciliation exception {id}.',
    statement_import_unknown: 'No statement import {id} with a summary card.',
    recon_suggestion_unknown: 'That exception has no suggestion {n}.',
    bank_transaction_unknown: 'No bank transaction {id}.',
    receipt_date: 'date "{value}" is not a date; write YYYY-MM-DD, e.g. 2026-11-02. Nothing was recorded.',
    receipt_date_future:
      'date {value} is after today ({today}); money cannot be received in the future. Nothing was recorded.',
    receipt_target: 'Name exactly one of order (the order number) or installmentId. Nothing was recorded.',
    receipt_installment: 'installmentId "{value}" is not an installment id (a UUID). Nothing was recorded.',
    receipt_unknown_order: 'order: no approved order {value}. Nothing was recorded.',
    receipt_unknown_installment:
      'installmentId: no installment {value} on an approved order. Nothing was recorded.',
    receipt_currency:
      "currency {value} is not the order's currency {expected}; convert it first. Nothing was recorded.",
    receipt_amount:
      'amount "{value}" is not a positive amount; write digits such as 1234.50, no currency sign. Nothing was recorded.',
    receipt_exceeds_owed:
      'amount {value} is more than {order} still owes ({owed}); record the excess as a credit with finance. Nothing was recorded.',
    receipt_duplicate_reference: 'reference {value} was already recorded; nothing was recorded twice.',
    recon_writeoff_reason:
      'reason: say why the difference is written off (at least 3 characters). Nothing was written off.',
    recon_assign_unknown: 'No active finance user matches "{value}"; give their name or email.',
    recon_match_unknown:
      'orders: no approved order or installment {value}; check the number. Nothing was matched.',
    recon_match_currency:
      "orders: {value} is in {currency}, the bank line in {expected}; match only orders in the line's currency. Nothing was matched.",
    recon_match_exceeds:
      'orders: the line pays {amount} but {value} owe only {owed}; add the other orders it paid. Nothing was matched.',
    customer_email_unknown: 'No customer email {id}.',
    recon_split_empty:
      'split: give at least one part as "<order or invoice> <amount>", e.g. SO-2026-00012 3000. Nothing was split.',
    recon_split_syntax:
      'split part {n} "{value}": write "<order or invoice> <amount>", e.g. SO-2026-00012 3000 (order#2 for one installment). Nothing was split.',
    recon_split_amount:
      'split part {n} ({target}): amount "{value}" is not a positive amount in {currency}; write digits such as 1234.50. Nothing was split.',
    recon_split_unknown:
      'split part {n}: no approved order, installment or invoice {value}; check the number. Nothing was split.',
    recon_split_currency:
      "split part {n} ({target}): it is in {currency}, the bank line in {expected}; split only to the line's currency. Nothing was split.",
    recon_split_customers:
      'split part {n} ({target}) belongs to {customer}, part {firstN} to {first}; a payment comes from one customer. Nothing was split.',
    recon_split_exceeds:
      'split part {n} ({target}): {amount} is more than it still owes ({owed}). Nothing was split.',
    recon_split_total:
      'split: the parts add up to {total}, more than the {available} the line has left to give. Nothing was split.',
    invoice_installment:
      'installment "{value}" is not an installment number; give its position in the plan, 1 for the first. Nothing was changed.',
    invoice_number:
      'invoiceNo "{value}" is not an invoice number: 3–40 letters and digits (dashes and spaces allowed), with at least one digit. Nothing was changed.',
    invoice_date: 'date "{value}" is not a date; write YYYY-MM-DD, e.g. 2026-11-02. Nothing was changed.',
    invoice_date_future:
      'date {value} is after today ({today}); an invoice cannot be dated in the future. Nothing was changed.',
    invoice_unknown_order: 'order: no approved order {value}. Nothing was changed.',
    invoice_unknown_installment:
      'installment: order {order} has no installment {value}. Nothing was changed.',
    invoice_taken:
      'invoiceNo {value} is taken: {order} installment {position} has invoice {existing} (spaces and dashes do not count); invoice numbers are unique. Nothing was changed.',
  },
  'zh-CN': {
    recon_exception_unknown: '没有对账异常 {id}。',
    statement_import_unknown: '没有带汇总卡片的对账单导入 {id}。',
    recon_suggestion_unknown: '该异常没有第 {n} 条建议。',
    bank_transaction_unknown: '没有银行流水 {id}。',
    receipt_date: '日期「{value}」无效，请写作 YYYY-MM-DD，如 2026-11-02。未登记任何数据。',
    receipt_date_future: '日期 {value} 晚于今天（{today}），不能登记未来的收款。未登记任何数据。',
    receipt_target: '请只填写 order（订单号）或 installmentId 其中之一。未登记任何数据。',
    receipt_installment: 'installmentId「{value}」不是分期 ID（UUID）。未登记任何数据。',
    receipt_unknown_order: 'order：没有已审批的订单 {value}。未登记任何数据。',
    receipt_unknown_installment: 'installmentId：已审批订单中没有分期 {value}。未登记任何数据。',
    receipt_currency: '币种 {value} 与订单币种 {expected} 不一致，请先换算。未登记任何数据。',
    receipt_amount: '金额「{value}」不是正的金额，请只写数字，如 1234.50，不带货币符号。未登记任何数据。',
    receipt_exceeds_owed:
      '金额 {value} 超过 {order} 的未收余额（{owed}），超出部分请由财务登记为预收。未登记任何数据。',
    receipt_duplicate_reference: '单据号 {value} 已登记过，不会重复登记。',
    recon_writeoff_reason: '原因：请说明原因（至少 3 个字符）。未做任何处理。',
    recon_assign_unknown: '没有与「{value}」匹配的在职财务人员，请输入姓名或邮箱。',
    recon_match_unknown: '订单：没有已审批的订单或分期 {value}，请核对编号。未匹配任何金额。',
    recon_match_currency:
      '订单：{value} 的币种是 {currency}，该流水是 {expected}，只能匹配同币种订单。未匹配任何金额。',
    recon_match_exceeds:
      '订单：该流水金额 {amount}，但 {value} 的未收余额只有 {owed}，请补充它支付的其他订单。未匹配任何金额。',
    customer_email_unknown: '没有客户邮件 {id}。',
    recon_split_empty: '拆分：请至少写一部分「<订单号或发票号> <金额>」，如 SO-2026-00012 3000。未拆分。',
    recon_split_syntax:
      '拆分第 {n} 部分「{value}」：请写「<订单号或发票号> <金额>」，如 SO-2026-00012 3000（订单号#2 表示某一期）。未拆分。',
    recon_split_amount:
      '拆分第 {n} 部分（{target}）：金额「{value}」不是 {currency} 的正金额，请只写数字，如 1234.50。未拆分。',
    recon_split_unknown: '拆分第 {n} 部分：没有已审批的订单、分期或发票 {value}，请核对编号。未拆分。',
    recon_split_currency:
      '拆分第 {n} 部分（{target}）：币种为 {currency}，该流水为 {expected}，只能拆分到同币种。未拆分。',
    recon_split_customers:
      '拆分第 {n} 部分（{target}）属于 {customer}，第 {firstN} 部分属于 {first}；一笔付款只来自一个客户。未拆分。',
    recon_split_exceeds: '拆分第 {n} 部分（{target}）：{amount} 超过其未收余额（{owed}）。未拆分。',
    recon_split_total: '拆分：各部分合计 {total}，超过该流水剩余可分配的 {available}。未拆分。',
    invoice_installment:
      '分期「{value}」不是分期序号，请填写它在付款计划中的序号，第一期为 1。未做任何修改。',
    invoice_number:
      '发票号「{value}」无效：需为 3–40 个字母和数字（可含横线和空格），且至少含一个数字。未做任何修改。',
    invoice_date: '日期「{value}」无效，请写作 YYYY-MM-DD，如 2026-11-02。未做任何修改。',
    invoice_date_future: '日期 {value} 晚于今天（{today}），发票日期不能是未来。未做任何修改。',
    invoice_unknown_order: '订单：没有已审批的订单 {value}。未做任何修改。',
    invoice_unknown_installment: '分期：订单 {order} 没有第 {value} 期。未做任何修改。',
    invoice_taken:
      '发票号 {value} 已被占用：{order} 第 {position} 期的发票为 {existing}（空格和横线不计），发票号不能重复。未做任何修改。',
  },
};
