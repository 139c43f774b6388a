// Catalogue: the words of reconciliation exception cards and their replies, in English and Chinese.
import type { Proposal } from '../../domain/reconcile/matcher.ts';
import type { Texts } from '../i18n.ts';
import type { ReconCardKind } from './reconcile.ts';

export type ReconKey =
  | 'title'
  | 'title_duplicate'
  | 'title_unknown_payer'
  | `kind_${ReconCardKind}`
  | `label_${ReconCardKind}`
  | `basis_${Proposal['basis']}`
  | `fit_${Proposal['fit']}`
  | 'tied'
  | 'installment'
  | 'installmentPart'
  | 'invoice'
  | 'suggestions'
  | 'suggestion'
  | 'confirm'
  | 'undo'
  | 'date'
  | 'amount'
  | 'payer'
  | 'memo'
  | 'bankTxnId'
  | 'none'
  | 'ack'
  | 'ackConfirmTitle'
  | 'ackConfirmText'
  | 'ackConfirmSplitText'
  | 'ackConfirmDeny'
  | 'acknowledgedBy'
  | 'contextAcknowledged'
  | 'confirmedBy'
  | 'undoneBy'
  | 'context'
  | 'contextDone'
  | 'contextSplit'
  | 'ackDone'
  | 'ackAlready'
  | 'ackForbidden'
  | 'confirmDone'
  | 'confirmAlready'
  | 'confirmStale'
  | 'undoDone'
  | 'undoNothing'
  | 'assigned'
  | 'reminder'
  | 'kind_amount_mismatch_payer'
  | 'writeOff'
  | 'writeOffLine'
  | 'writeOffLinePrompt'
  | 'writeOffPrompt'
  | 'writeOffPlaceholder'
  | 'writtenOffBy'
  | 'writtenOffLineBy'
  | 'assign'
  | 'assignPrompt'
  | 'assignPlaceholder'
  | 'writeOffDone'
  | 'writeOffLineDone'
  | 'assignDone'
  | 'assignUnknown'
  | 'assignAmbiguous'
  | 'match'
  | 'matchPrompt'
  | 'matchPlaceholder'
  | 'matchedBy'
  | 'matchDone'
  | 'split'
  | 'splitPrompt'
  | 'splitIntro'
  | 'splitPlaceholder'
  | 'splitBy'
  | 'splitPart'
  | 'splitRestCredit'
  | 'splitRestOpen'
  | 'splitDone'
  | 'splitDoneCredit'
  | 'splitDoneOpen';

export const reconTexts: Texts<ReconKey> = {
  en: {
    title: 'Unmatched bank line: {amount} from {payer}',
    title_duplicate: 'Possible duplicate payment: {amount} from {payer}',
    title_unknown_payer: 'Payment from an unknown payer: {amount} from {payer}',
    kind_duplicate:
      'This looks like money already seen: the same amount, payer and memo came in a few days ago under another bank transaction, or everything the memo names is paid already. Check the bank account before posting it again.',
    kind_unknown_payer:
      'The memo names no order number and **{payer}** is not mapped to any customer yet. Confirming a match teaches who they are.',
    label_duplicate: 'possible duplicate',
    label_unknown_payer: 'unknown payer',
    kind_unknown_reference: 'The memo names **{reference}**, but no order has that number.',
    kind_unknown_invoice:
      'The memo names invoice **{reference}**, but no installment carries that invoice number (record it with `ar invoice`).',
    kind_amount_mismatch:
      'Order **{reference}** was found, but no open installments of it add up to {amount}.',
    kind_currency_mismatch:
      'The open installments found are not in {currency}; nothing is matched across currencies without a rate.',
    kind_no_reference: 'The memo names no order number, and nothing the payer is known to owe fits it.',
    kind_ambiguous: 'More than one set of open installments fits {amount} equally well: choose one.',
    kind_low_confidence: 'A likely match was found, but not sure enough to post by itself.',
    kind_overpayment: 'The payment is more than everything the customer owes.',
    kind_credit:
      "Posted automatically. {credit} is left over as the customer's credit: refund it or apply it to a later installment.",
    kind_undone: 'A match of this line was undone; it is unmatched again.',
    label_unknown_reference: 'unknown order number',
    label_unknown_invoice: 'unknown invoice number',
    label_amount_mismatch: 'amount does not match',
    label_currency_mismatch: 'currency does not match',
    label_no_reference: 'no order number, unknown payer',
    label_ambiguous: 'ambiguous',
    label_low_confidence: 'needs confirmation',
    label_overpayment: 'overpayment',
    label_credit: 'credit to refund or apply',
    label_undone: 'match undone',
    basis_reference: 'the memo names {orders}',
    basis_payer: 'the payer is a known customer (learned from confirmed matches)',
    basis_amount: 'only the amount points here',
    fit_exact: 'the amount equals what {which} still owes',
    fit_combination: 'the amount equals what {count} installments still owe together: {which}',
    fit_under: '{diff} short of what {which} owes, within tolerance: the difference is written off',
    fit_over: '{diff} more than {which} owes, within tolerance',
    fit_partial: 'pays in part: {which}',
    fit_overpayment: 'pays {which} in full and leaves {diff} as a credit',
    tied: 'another choice fits exactly as well',
    installment: '{order} due {due} ({amount})',
    installmentPart: '{amount} towards {order} due {due}',
    invoice: ', invoice {invoice}',
    suggestions: '**Suggestions**',
    suggestion: '{n}. {percent}% — {reason}',
    confirm: 'Confirm {n}',
    undo: 'Undo match',
    date: 'Booked on',
    amount: 'Amount',
    payer: 'Payer',
    memo: 'Memo',
    bankTxnId: 'Bank transaction',
    none: '—',
    ack: 'Acknowledge',
    ackConfirmTitle: 'Acknowledge without matching?',
    ackConfirmText:
      'Acknowledging only closes this exception: nothing is posted. The {amount} line stays unmatched, no installment is paid, and the card keeps no button to match it later. Use it when the money is dealt with outside closeloop.',
    ackConfirmSplitText:
      'Acknowledging only closes this exception: the parts already split stay posted, and the {amount} not yet allocated stays unallocated, paying no installment. The card keeps no button to split it later.',
    ackConfirmDeny: 'Cancel',
    acknowledgedBy: '✅ Acknowledged by {name} at {at}: nothing posted, the line stays unmatched',
    contextAcknowledged: 'Reconciliation exception · acknowledged, line not matched',
    confirmedBy: '✅ Suggestion {n} confirmed by {name} at {at}',
    undoneBy: '↩️ Match undone by {name} at {at}',
    context: 'Reconciliation exception · {kind}',
    contextDone: 'Reconciliation exception · resolved',
    contextSplit: 'Reconciliation exception · split, the rest still open',
    ackDone: 'Acknowledged. The card now shows your name.',
    ackAlready: 'Already acknowledged by {name}.',
    ackForbidden: 'Only finance can work reconciliation exceptions.',
    confirmDone: 'Confirmed: the installments are paid and the payer will be recognised next time.',
    confirmAlready: 'This exception is no longer open (handled by {name}).',
    confirmStale:
      'The installments changed since this suggestion was made (another payment or a manual match); nothing was posted.',
    undoDone: 'Match undone: {count} allocation(s) reversed, the installments are open again.',
    undoNothing: 'This bank line has no match to undo.',
    assigned: 'Assigned to {name}.',
    reminder: '⏰ Untouched for a day: please confirm a suggestion or acknowledge it.',
    kind_amount_mismatch_payer:
      'The payer is a known customer, but no open installments of theirs add up to {amount}.',
    writeOff: 'Write off',
    writeOffLine: 'Write off',
    writeOffPrompt: 'Why is the difference written off?',
    writeOffLinePrompt: 'Why is this line written off (kept out of receivables)?',
    writeOffPlaceholder: 'e.g. bank charges deducted by the payer',
    writtenOffBy: '✂️ Suggestion 1 posted and {diff} written off by {name} at {at}: {reason}',
    writtenOffLineBy: '✂️ Line written off by {name} at {at}: {reason}',
    assign: 'Assign',
    match: 'Match manually…',
    matchPrompt: 'Which orders did this line pay? (order numbers, comma separated)',
    matchPlaceholder: 'e.g. SO202600012, SO202600015',
    matchedBy: '🔗 Matched manually to {orders} by {name} at {at}',
    matchDone: 'Matched: {count} installment(s) of {orders} are paid from this line.',
    assignPrompt: 'Assign to which finance user? (name or email)',
    assignPlaceholder: 'e.g. Zhao Finance or zhao@example.com',
    writeOffDone: 'Done: the installments are closed, {diff} written off with your reason.',
    writeOffLineDone: 'Done: the line is recorded as written off with your reason; no installment changed.',
    assignDone: 'Assigned to {name}; they have the card now.',
    assignUnknown: 'No active finance user matches "{q}": give their name or email.',
    assignAmbiguous: '"{q}" matches {names}: give the email.',
    split: 'Split…',
    splitPrompt:
      'Split the line: one "<order or invoice> <amount>" per part (order#2 for one installment); end with "rest credit" to leave the rest as credit, else it stays open here',
    splitPlaceholder: 'e.g. SO-2026-00012 3000, SO-2026-00015#2 1500, rest credit',
    splitIntro: 'Bank line: {amount} from {payer}, booked on {date}. Left to allocate: {left}.',
    splitBy: '✂️ Split by {name} at {at}:',
    splitPart: '- {label}: {amount}',
    splitRestCredit: "{amount} left as the customer's credit: refund it or apply it to a later installment.",
    splitRestOpen: '{amount} not yet allocated: split it further, or acknowledge it.',
    splitDone: 'Split into {parts} part(s); the line is fully allocated.',
    splitDoneCredit: "Split into {parts} part(s); {rest} is left as the customer's credit.",
    splitDoneOpen: 'Split into {parts} part(s); {rest} stays open on the exception.',
  },
  'zh-CN': {
    title: '未匹配的银行流水：{amount}，付款人 {payer}',
    title_duplicate: '疑似重复付款：{amount}，付款人 {payer}',
    title_unknown_payer: '未知付款人的款项：{amount}，付款人 {payer}',
    kind_duplicate:
      '这笔款项似乎已经入账：几天前已有金额、付款人和摘要都相同、但银行流水号不同的记录，或摘要中的订单已全部付清。请先核对银行账户，再决定是否入账。',
    kind_unknown_payer: '摘要中没有订单编号，且 **{payer}** 尚未对应任何客户。确认匹配后系统会记住该付款人。',
    label_duplicate: '疑似重复',
    label_unknown_payer: '付款人未知',
    kind_unknown_reference: '摘要中提到 **{reference}**，但没有这个编号的订单。',
    kind_unknown_invoice:
      '摘要中提到发票 **{reference}**，但没有分期登记了这个发票号（可用 `应收 开票` 登记）。',
    kind_amount_mismatch: '找到订单 **{reference}**，但其未结分期的任何组合都不等于 {amount}。',
    kind_currency_mismatch: '找到的未结分期币种不是 {currency}；没有汇率时不跨币种匹配。',
    kind_no_reference: '摘要中没有订单编号，付款人已知的欠款中也没有相符的。',
    kind_ambiguous: '有不止一组未结分期同样符合 {amount}，请选择一组。',
    kind_low_confidence: '找到了可能的匹配，但把握不足，未自动入账。',
    kind_overpayment: '付款金额超过了该客户全部未结金额。',
    kind_credit: '已自动入账。多出的 {credit} 记为客户预收款：请退款或抵扣后续分期。',
    kind_undone: '该流水的匹配已被撤销，重新变为未匹配。',
    label_unknown_reference: '订单编号不存在',
    label_unknown_invoice: '发票号不存在',
    label_amount_mismatch: '金额不符',
    label_currency_mismatch: '币种不符',
    label_no_reference: '无订单编号，付款人未知',
    label_ambiguous: '多种可能',
    label_low_confidence: '待确认',
    label_overpayment: '多付',
    label_credit: '预收款待退款或抵扣',
    label_undone: '匹配已撤销',
    basis_reference: '摘要中提到 {orders}',
    basis_payer: '付款人是已知客户（从已确认的匹配中学到）',
    basis_amount: '只有金额对得上',
    fit_exact: '金额等于 {which} 的未付金额',
    fit_combination: '金额等于 {count} 期未付金额之和：{which}',
    fit_under: '比 {which} 的未付金额少 {diff}，在容差内：差额免收',
    fit_over: '比 {which} 的未付金额多 {diff}，在容差内',
    fit_partial: '部分支付：{which}',
    fit_overpayment: '付清 {which}，多出 {diff} 记为客户预收款',
    tied: '另有一种选择同样符合',
    installment: '{order}（{due} 到期，{amount}）',
    installmentPart: '{order}（{due} 到期）中的 {amount}',
    invoice: '，发票 {invoice}',
    suggestions: '**建议**',
    suggestion: '{n}. {percent}% — {reason}',
    confirm: '确认 {n}',
    undo: '撤销匹配',
    date: '记账日期',
    amount: '金额',
    payer: '付款人',
    memo: '摘要',
    bankTxnId: '银行流水号',
    none: '—',
    ack: '确认知悉',
    ackConfirmTitle: '只确认知悉、不匹配？',
    ackConfirmText:
      '确认知悉只会关闭这条异常，不做任何入账：这笔 {amount} 的流水仍为未匹配，不核销任何分期，卡片上也不再有匹配按钮。适用于这笔款项已在 closeloop 之外处理的情况。',
    ackConfirmSplitText:
      '确认知悉只会关闭这条异常：已拆分的部分保持入账，尚未分配的 {amount} 仍不核销任何分期，卡片上也不再有拆分按钮。',
    ackConfirmDeny: '取消',
    acknowledgedBy: '✅ {name} 已于 {at} 确认知悉：未入账，该流水仍未匹配',
    contextAcknowledged: '对账异常 · 已知悉，流水未匹配',
    confirmedBy: '✅ {name} 已于 {at} 确认建议 {n}',
    undoneBy: '↩️ {name} 已于 {at} 撤销匹配',
    context: '对账异常 · {kind}',
    contextDone: '对账异常 · 已处理',
    contextSplit: '对账异常 · 已部分拆分，剩余待处理',
    ackDone: '已确认，卡片上已显示你的名字。',
    ackAlready: '{name} 已经确认过了。',
    ackForbidden: '只有财务可以处理对账异常。',
    confirmDone: '已确认：相关分期已入账，下次会自动识别该付款人。',
    confirmAlready: '该异常已不再待处理（由 {name} 处理）。',
    confirmStale: '提出建议后这些分期已有变化（另一笔付款或手工匹配），未入账。',
    undoDone: '已撤销匹配：冲回 {count} 笔分配，相关分期重新变为未结。',
    undoNothing: '该银行流水没有可撤销的匹配。',
    assigned: '负责人：{name}。',
    reminder: '⏰ 已超过一天无人处理：请确认一条建议或确认知悉。',
    kind_amount_mismatch_payer: '付款人是已知客户，但其未结分期的任何组合都不等于 {amount}。',
    writeOff: '入账并免收差额',
    writeOffLine: '不计入应收',
    writeOffPrompt: '为什么免收差额？',
    writeOffLinePrompt: '为什么该流水不计入应收？',
    writeOffPlaceholder: '如：付款方扣除的银行手续费',
    writtenOffBy: '✂️ {name} 已于 {at} 按建议 1 入账，并免收差额 {diff}：{reason}',
    writtenOffLineBy: '✂️ {name} 已于 {at} 将该流水标记为不计入应收（未核销任何分期）：{reason}',
    assign: '转派',
    match: '手动匹配…',
    matchPrompt: '该流水支付的是哪些订单？（订单号，逗号分隔）',
    matchPlaceholder: '如：SO202600012, SO202600015',
    matchedBy: '🔗 {name} 已于 {at} 手动匹配到 {orders}',
    matchDone: '已匹配：{orders} 的 {count} 期分期已由该流水入账。',
    assignPrompt: '转派给哪位财务？（姓名或邮箱）',
    assignPlaceholder: '如：赵财务 或 zhao@example.com',
    writeOffDone: '已完成：相关分期已结清，按你的原因免收差额 {diff}。',
    writeOffLineDone: '已完成：该流水已按你的原因标记为不计入应收，未改动任何分期。',
    assignDone: '已转派给 {name}，对方已收到卡片。',
    assignUnknown: '没有与「{q}」匹配的在职财务人员，请输入姓名或邮箱。',
    assignAmbiguous: '「{q}」匹配到 {names}，请输入邮箱。',
    split: '拆分…',
    splitPrompt:
      '拆分该流水：每部分写「<订单号或发票号> <金额>」（订单号#2 表示第 2 期）；以「余额 预收」结尾表示剩余记为客户预收款，否则剩余留在本异常中',
    splitPlaceholder: '如：SO-2026-00012 3000，SO-2026-00015#2 1500，余额 预收',
    splitIntro: '银行流水：{amount}，付款人 {payer}，记账日期 {date}。待分配：{left}。',
    splitBy: '✂️ {name} 已于 {at} 拆分：',
    splitPart: '- {label}：{amount}',
    splitRestCredit: '剩余 {amount} 记为客户预收款：请退款或抵扣后续分期。',
    splitRestOpen: '还有 {amount} 未分配：可继续拆分，或确认知悉。',
    splitDone: '已拆分为 {parts} 部分，该流水已全部分配。',
    splitDoneCredit: '已拆分为 {parts} 部分，剩余 {rest} 记为客户预收款。',
    splitDoneOpen: '已拆分为 {parts} 部分，剩余 {rest} 仍留在异常中待处理。',
  },
};

// The matcher's reason for a proposal, in words: where the candidates came from, how the amount fits.
