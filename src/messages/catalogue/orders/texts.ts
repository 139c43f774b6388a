// Catalogue (orders): the shared words of order and approval cards, in zh-CN and en.
import type { Texts, translator } from '../../i18n.ts';

export const texts: Texts<
  | 'credit'
  | 'creditLine'
  | 'creditParts'
  | 'noLimit'
  | 'risk'
  | 'flagLine'
  | 'reminderTitle'
  | 'mineTitle'
  | 'more'
  | 'mineEmpty'
  | 'waitingTitle'
  | 'waitingEmpty'
  | 'commentTitle'
  | 'comments'
  | 'replyCommented'
  | 'reminderBody'
  | 'escalationTitle'
  | 'escalationBody'
  | 'flag_over_limit'
  | 'flag_near_limit'
  | 'flag_overdue_balance'
  | 'flag_low_grade'
  | 'flag_unusual_discount'
  | 'flag_new_customer_large_order'
  | 'flag_on_credit_hold'
  | 'action_warn'
  | 'action_level'
  | 'action_hold'
  | 'changesSince'
  | 'change_total'
  | 'change_paymentPlan'
  | 'change_terms'
  | 'change_nonStandardTerms'
  | 'change_lineAdded'
  | 'change_lineRemoved'
  | 'field_quantity'
  | 'field_unitPriceMinor'
  | 'field_discountBp'
  | 'field_amountMinor'
  | 'yes'
  | 'no'
  | 'noChanges'
  | 'retiredTitle'
  | 'supersededBody'
  | 'supersededContext'
  | 'cancelledBody'
  | 'cancelledContext'
  | 'holdTitle'
  | 'holdBody'
  | 'historyTitle'
  | 'historyVersion'
  | 'historyCreated'
  | 'status_on_hold'
  | 'replyEdited'
  | 'replyEditedDraft'
  | 'replyCancelled'
  | 'replyAlreadyCancelled'
  | 'replyReopened'
  | 'replyDuplicated'
  | 'replyOnHold'
  | 'replySubmitted'
  | 'approvalTitle'
  | 'approvalBody'
  | 'customer'
  | 'total'
  | 'lines'
  | 'plan'
  | 'terms'
  | 'standardTerms'
  | 'level'
  | 'requester'
  | 'approver'
  | 'standingInFor'
  | 'approve'
  | 'reject'
  | 'rejectPrompt'
  | 'rejectPlaceholder'
  | 'approvedBy'
  | 'rejectedBy'
  | 'decidedTitle'
  | 'moreLines'
  | 'noticeRejectedTitle'
  | 'noticeRejectedBody'
  | 'noticeApprovedTitle'
  | 'noticeApprovedBody'
  | 'noticeApprovedAuto'
  | 'schedule'
  | 'statusTitle'
  | 'status'
  | 'chain'
  | 'noChain'
  | 'installments'
  | 'paid'
  | 'version'
  | 'replyApproved'
  | 'replyApprovedLast'
  | 'replyRejected'
  | 'replyAlready'
  | 'replyStale'
  | 'replyCreated'
  | 'replyDraft'
  | 'replyCreatedApproved'
  | 'status_draft'
  | 'status_pending_approval'
  | 'status_approved'
  | 'status_rejected'
  | 'status_cancelled'
  | 'step_waiting'
  | 'step_pending'
  | 'step_approved'
  | 'step_rejected'
  | 'step_superseded'
> = {
  en: {
    credit: 'Credit',
    creditLine:
      'Exposure {exposure} of limit {limit}{share} · overdue {overdue}{days} · grade {grade} (score {score})',
    creditParts: 'receivables {open} + approved, not invoiced {approved} + in approval {waiting}',
    noLimit: 'none set',
    risk: 'Credit flags',
    flagLine: '{flag}: {action}',
    reminderTitle: 'Reminder: order {number} is waiting for you',
    mineTitle: 'My orders ({count})',
    more: 'Show more',
    mineEmpty: 'You have no open orders.',
    waitingTitle: 'Waiting for your approval ({count})',
    waitingEmpty: 'Nothing is waiting for your approval.',
    commentTitle: '{author} commented on order {number}',
    comments: 'Comments',
    replyCommented: 'Comment added to order {number}; the owner and current approvers were told ({count}).',
    reminderBody:
      'It has waited {hours} working hours for your decision at level {level}. Approve or reject it on the approval card.',
    escalationTitle: 'Escalation: order {number} is stuck at {approver}',
    escalationBody:
      'It has waited {hours} working hours for {approver} at level {level}. Please follow up with them.',
    flag_over_limit: 'over the credit limit',
    flag_near_limit: 'close to the credit limit',
    flag_overdue_balance: 'has an overdue balance',
    flag_low_grade: 'low credit grade',
    flag_unusual_discount: 'unusual discount',
    flag_new_customer_large_order: 'new customer with a large order',
    flag_on_credit_hold: 'customer on credit hold (dunning: overdue still unpaid)',
    action_warn: 'for your attention',
    action_level: 'adds the credit approval level',
    action_hold: 'holds the order',
    changesSince: 'Changes since v{version}',
    change_total: 'Total: {from} → {to}',
    change_paymentPlan: 'Payment plan: {from} → {to}',
    change_terms: 'Terms: {from} → {to}',
    change_nonStandardTerms: 'Non-standard terms: {from} → {to}',
    change_lineAdded: 'Line added: {line}',
    change_lineRemoved: 'Line removed: {line}',
    field_quantity: 'quantity',
    field_unitPriceMinor: 'unit price',
    field_discountBp: 'discount',
    field_amountMinor: 'amount',
    yes: 'yes',
    no: 'no',
    noChanges: 'no changes (resubmitted as it was)',
    retiredTitle: 'Order {number} v{version}: no longer open',
    supersededBody:
      '**Superseded by v{version}** ({by} changed the order). Approval starts again on the new version.',
    supersededContext: 'Superseded by v{version}',
    cancelledBody: '**Cancelled by {by}**{reason}',
    cancelledContext: 'Order cancelled',
    holdTitle: 'Order {number} is on credit hold',
    holdBody:
      'It was not sent for approval: {flags}. Settle the overdue balance or change the order, then submit it again.',
    historyTitle: 'History of order {number}',
    historyVersion: 'v{version} — {by}, {at}',
    historyCreated: 'created, total {total}',
    status_on_hold: 'on credit hold',
    replyEdited: 'Order {number} is now version {version} and went back to approval: {chain}.',
    replyEditedDraft: 'Order {number} was changed; it is still a draft (version {version}).',
    replyCancelled: 'Order {number} was cancelled; open approvals were withdrawn.',
    replyAlreadyCancelled: 'That order was already cancelled; nothing changed.',
    replyReopened: 'Order {number} was reopened as version {version} and needs approval again: {chain}.',
    replyDuplicated: 'Order {number} was copied from {from} as a draft; submit it for its own approval.',
    replyOnHold: 'Order {number} is on credit hold and was not sent for approval: {flags}.',
    replySubmitted: 'Order {number} (version {version}) was sent for approval: {chain}.',
    approvalTitle: 'Approval needed: order {number}',
    approvalBody: '**{requester}** asks you to approve this order at level **{level}**.',
    customer: 'Customer',
    total: 'Total',
    lines: 'Lines',
    plan: 'Payment plan',
    terms: 'Terms',
    standardTerms: 'standard',
    level: 'Level',
    requester: 'Requester',
    approver: 'Approver',
    standingInFor: '{name} (standing in for {approver})',
    approve: 'Approve',
    reject: 'Reject',
    rejectPrompt: 'Why are you rejecting this order?',
    rejectPlaceholder: 'e.g. discount too high for this customer',
    approvedBy: 'Approved by {by}',
    rejectedBy: 'Rejected by {by}: {reason}',
    decidedTitle: 'Order {number}',
    moreLines: '… and {count} more',
    noticeRejectedTitle: 'Order {number} was rejected',
    noticeRejectedBody: '{by} rejected it at level {level}: {reason}',
    noticeApprovedTitle: 'Order {number} is approved',
    noticeApprovedBody: 'Every level approved it (last: {by}). The installments below are now due.',
    noticeApprovedAuto: 'No approval level of the policy applies to it. The installments below are now due.',
    schedule: 'Installments',
    statusTitle: 'Order {number}',
    status: 'Status',
    chain: 'Approvals',
    noChain: 'not submitted yet',
    installments: 'Installments',
    paid: 'paid',
    version: 'Version',
    replyApproved: 'You approved order {number} at level {level}.',
    replyApprovedLast: 'You approved order {number}; it is now fully approved.',
    replyRejected: 'You rejected order {number}. The requester has been told.',
    replyAlready: 'This approval was already dealt with ({status}); nothing changed.',
    replyStale:
      'This card is for version {cardVersion} of order {number}, which is now at version {currentVersion}. Use the card for version {currentVersion}.',
    replyCreated: 'Order {number} ({total}) was created and sent for approval: {chain}.',
    replyDraft: 'Order {number} ({total}) was saved as a draft.',
    replyCreatedApproved:
      'Order {number} ({total}) was created; no approval level applies to it, so it is approved.',
    status_draft: 'draft',
    status_pending_approval: 'waiting for approval',
    status_approved: 'approved',
    status_rejected: 'rejected',
    status_cancelled: 'cancelled',
    step_waiting: 'waiting',
    step_pending: 'pending',
    step_approved: 'approved',
    step_rejected: 'rejected',
    step_superseded: 'no longer needed',
  },
  'zh-CN': {
    credit: '信用',
    creditLine: '敞口 {exposure}，额度 {limit}{share} · 逾期 {overdue}{days} · 等级 {grade}（评分 {score}）',
    creditParts: '应收 {open} + 已批未开票 {approved} + 审批中 {waiting}',
    noLimit: '未设置',
    risk: '信用风险',
    flagLine: '{flag}：{action}',
    reminderTitle: '提醒：订单 {number} 等待你审批',
    mineTitle: '我的订单（{count}）',
    more: '显示更多',
    mineEmpty: '你没有未结订单。',
    waitingTitle: '待你审批（{count}）',
    waitingEmpty: '没有等待你审批的订单。',
    commentTitle: '{author} 评论了订单 {number}',
    comments: '评论',
    replyCommented: '已为订单 {number} 添加评论，已通知负责人和当前审批人（{count}）。',
    reminderBody: '已在 {level} 级等待你的决定 {hours} 个工作小时。请在审批卡片上批准或驳回。',
    escalationTitle: '升级：订单 {number} 卡在 {approver}',
    escalationBody: '已在 {level} 级等待 {approver} {hours} 个工作小时，请跟进。',
    flag_over_limit: '超出信用额度',
    flag_near_limit: '接近信用额度',
    flag_overdue_balance: '存在逾期欠款',
    flag_low_grade: '信用等级低',
    flag_unusual_discount: '折扣异常',
    flag_new_customer_large_order: '新客户大额订单',
    flag_on_credit_hold: '客户已被信用冻结（催收：逾期款尚未付清）',
    action_warn: '请留意',
    action_level: '增加信用审批级别',
    action_hold: '冻结订单',
    changesSince: '相对 v{version} 的变更',
    change_total: '总额：{from} → {to}',
    change_paymentPlan: '付款计划：{from} → {to}',
    change_terms: '条款：{from} → {to}',
    change_nonStandardTerms: '非标准条款：{from} → {to}',
    change_lineAdded: '新增明细：{line}',
    change_lineRemoved: '删除明细：{line}',
    field_quantity: '数量',
    field_unitPriceMinor: '单价',
    field_discountBp: '折扣',
    field_amountMinor: '金额',
    yes: '是',
    no: '否',
    noChanges: '无变更（原样重新提交）',
    retiredTitle: '订单 {number} v{version}：已失效',
    supersededBody: '**已被 v{version} 取代**（{by} 修改了订单）。新版本将重新审批。',
    supersededContext: '已被 v{version} 取代',
    cancelledBody: '**已由 {by} 取消**{reason}',
    cancelledContext: '订单已取消',
    holdTitle: '订单 {number} 因信用原因被冻结',
    holdBody: '订单未提交审批：{flags}。请先结清逾期欠款或修改订单，再重新提交。',
    historyTitle: '订单 {number} 的历史',
    historyVersion: 'v{version} — {by}，{at}',
    historyCreated: '创建，总额 {total}',
    status_on_hold: '信用冻结',
    replyEdited: '订单 {number} 已更新为第 {version} 版，并重新提交审批：{chain}。',
    replyEditedDraft: '订单 {number} 已修改，仍为草稿（第 {version} 版）。',
    replyCancelled: '订单 {number} 已取消，未完成的审批已撤回。',
    replyAlreadyCancelled: '该订单已取消，未做任何更改。',
    replyReopened: '订单 {number} 已重新打开为第 {version} 版，需要重新审批：{chain}。',
    replyDuplicated: '订单 {number} 已从 {from} 复制为草稿，请单独提交审批。',
    replyOnHold: '订单 {number} 因信用原因被冻结，未提交审批：{flags}。',
    replySubmitted: '订单 {number}（第 {version} 版）已提交审批：{chain}。',
    approvalTitle: '待审批：订单 {number}',
    approvalBody: '**{requester}** 请你在 **{level}** 级审批此订单。',
    customer: '客户',
    total: '总额',
    lines: '明细',
    plan: '付款计划',
    terms: '条款',
    standardTerms: '标准条款',
    level: '审批级别',
    requester: '申请人',
    approver: '审批人',
    standingInFor: '{name}（代 {approver} 审批）',
    approve: '批准',
    reject: '驳回',
    rejectPrompt: '驳回此订单的原因？',
    rejectPlaceholder: '例如：该客户折扣过高',
    approvedBy: '已由 {by} 批准',
    rejectedBy: '已由 {by} 驳回：{reason}',
    decidedTitle: '订单 {number}',
    moreLines: '……另有 {count} 行',
    noticeRejectedTitle: '订单 {number} 被驳回',
    noticeRejectedBody: '{by} 在 {level} 级驳回：{reason}',
    noticeApprovedTitle: '订单 {number} 已审批通过',
    noticeApprovedBody: '所有级别均已批准（最后：{by}）。以下为付款分期。',
    noticeApprovedAuto: '审批策略中没有适用于此订单的级别。以下为付款分期。',
    schedule: '付款分期',
    statusTitle: '订单 {number}',
    status: '状态',
    chain: '审批',
    noChain: '尚未提交',
    installments: '付款分期',
    paid: '已付',
    version: '版本',
    replyApproved: '你已在 {level} 级批准订单 {number}。',
    replyApprovedLast: '你已批准订单 {number}，订单已全部审批通过。',
    replyRejected: '你已驳回订单 {number}，已通知申请人。',
    replyAlready: '此审批已处理（{status}），未做任何更改。',
    replyStale:
      '此卡片对应订单 {number} 的第 {cardVersion} 版，订单当前为第 {currentVersion} 版。请使用第 {currentVersion} 版的卡片。',
    replyCreated: '订单 {number}（{total}）已创建并提交审批：{chain}。',
    replyDraft: '订单 {number}（{total}）已保存为草稿。',
    replyCreatedApproved: '订单 {number}（{total}）已创建；没有适用的审批级别，已直接批准。',
    status_draft: '草稿',
    status_pending_approval: '审批中',
    status_approved: '已批准',
    status_rejected: '已驳回',
    status_cancelled: '已取消',
    step_waiting: '等待中',
    step_pending: '待审批',
    step_approved: '已批准',
    step_rejected: '已驳回',
    step_superseded: '无需审批',
  },
};

export type T = ReturnType<typeof translator<keyof (typeof texts)['en']>>;
