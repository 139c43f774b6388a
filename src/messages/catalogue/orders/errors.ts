// Catalogue (orders): the error codes of the orders slice; listed once in catalogue/errors.ts.
import type { Locale } from '../../model.ts';
import { statusText as leadStatusText } from '../leads/texts.ts';
import { nameText } from '../names.ts';
import { statusText } from './order-fields.ts';

// Error codes of the orders slice; listed once in catalogue/errors.ts.
export const orderErrors: Record<Locale, Record<string, string>> = {
  en: {
    order_not_found: 'No order {number}. Check the number, e.g. SO-2026-00012.',
    order_lead_not_found: 'No lead "{lead}". Use the lead number or id shown on its card.',
    order_lead_not_yours:
      'Lead {lead} is not yours to turn into an order: only its owner and their managers can.',
    order_create_forbidden: 'You may not create orders. Ask the rep who owns the customer, or an admin.',
    order_lead_closed: 'Lead {lead} is {status}; it cannot become an order.',
    order_customer_not_found: 'No customer "{customer}". Check the name, or start from the lead instead.',
    order_customer_required: 'Say who the order is for: give a lead, a customerId or a customerName.',
    order_no_lines: 'An order needs at least one line, e.g. sku:A100 qty:2.',
    order_unknown_sku: 'No active product with SKU "{sku}". Check the SKU in the product list.',
    order_line_needs_price: 'Line {line} has no product, so give both a description and a unit price.',
    order_line_currency:
      'Product {sku} is priced in {productCurrency} but orders are in {currency}; give the unit price in {currency}.',
    order_line_quantity: 'Line {line}: the quantity must be a whole number from 1 to 1,000,000,000.',
    order_line_unitPrice: 'Line {line}: the unit price must be 0 or more.',
    order_line_discount: 'Line {line}: the discount must be between 0 and 100 percent, at most 2 decimals.',
    order_line_overflow: 'Line {line}: the amount is too large.',
    order_unknown_plan: 'No payment plan "{plan}". Use one of: {valid}.',
    order_requester_unknown: 'No active roster user {email}; the order owner must be on the roster.',
    order_not_owner: 'Only the owner of order {number} ({owner}) can do this.',
    order_cancel_forbidden:
      'Your role may not cancel order {number}, which is {owner}’s. Ask {owner} or an admin.',
    order_not_draft: 'Order {number} is {status}; only a draft can be submitted.',
    order_level_no_manager:
      'Approval level "{level}" needs the requester\'s manager, but {requester} has no active manager on the roster. Set their manager in the roster, then submit again.',
    order_level_no_role:
      'Approval level "{level}" needs an active user with the role {role}, and there is none (besides the requester). Give someone that role in the roster, or change approvals.levels[{index}] in closeloop.yaml.',
    order_level_no_users:
      'Approval level "{level}" lists {emails}, but none is an active roster user. Fix approvals.levels[{index}].approvers in closeloop.yaml or the roster.',
    order_approval_not_found: 'This approval no longer exists. Refresh the card.',
    order_not_your_approval: 'This approval is assigned to {approver}, not to you.',
    order_stood_in:
      '{standIn} was standing in for you on this approval while you were away, and it stays with them: ask them, or wait for their decision.',
    order_approval_not_open: 'This approval is not open yet: an earlier level must approve first.',
    order_reject_reason: 'Say why you reject the order: the reason cannot be empty.',
    order_status_forbidden: 'Only the owner, an approver, finance or an admin can see order {number}.',
    order_bad_amount: '"{value}" is not an amount; write e.g. 1234.50.',
    order_bad_quantity: '"{value}" is not a quantity; write a whole number above 0, e.g. 3.',
    order_bad_line: '"{value}" is not a line; write SKU*quantity or SKU*quantity@price, e.g. A100*2@99.50.',
    order_paid:
      'Order {number} already has payments against its installments, so it cannot be changed or cancelled; ask finance to reverse them first.',
    order_edit_cancelled:
      'Order {number} is cancelled; reopen it (order reopen {number}) before changing it.',
    order_edit_nothing: 'That changes nothing on order {number}; name a new line, discount, plan or terms.',
    order_form_stale:
      'Order {number} is at version {version} now, not {formVersion} as in this form; open the form again to edit the current version.',
    order_terms_text: 'Non-standard terms need their text; write the terms, or choose standard terms.',
    order_changed_meanwhile:
      'Order {number} was changed by someone else just now; look at it again and retry.',
    order_not_cancelled: 'Order {number} is {status}; only a cancelled order can be reopened.',
    order_bad_discount: '"{value}" is not a discount; write a percent from 0 to 100, e.g. 12.5.',
    order_comment_length:
      'Write the comment text (1 to {max} characters), e.g. order comment SO-2026-00012 "call me".',
    order_attachment_too_large:
      'The file is larger than the limit of {maxMb} MB ({max} bytes); send a smaller file or split it.',
    order_attachment_empty: 'The file is empty; send its bytes as the request body.',
    order_attachment_name:
      'Name the file in the X-File-Name header (1 to {max} characters, no slashes or control characters; percent-encode non-ASCII), e.g. X-File-Name: contract.pdf.',
    order_attachment_not_found:
      'Order {number} has no attachment {id}; list them with order attachments {number}.',
    order_override_not_held:
      'Order {number} is {status}; an override only releases an order the credit check holds.',
    order_override_reason:
      'Say why the order should go on, e.g. order override {number} "customer paid the overdue invoice today".',
    order_override_not_allowed: 'Only the owner of order {number} or their managers may ask for an override.',
    order_override_no_approver:
      'Nobody can approve a credit override (credit.overrideApprovers in closeloop.yaml names no active user other than you).',
    order_override_not_found: 'There is no such credit override; use the buttons on its card.',
    order_override_not_approver: 'You are not an approver of this override ({approvers}).',
    order_override_reject_reason: 'Say why you reject the override; the owner will see it.',
  },
  'zh-CN': {
    order_not_found: '没有订单 {number}。请检查编号，例如 SO-2026-00012。',
    order_lead_not_found: '没有线索「{lead}」。请使用卡片上的线索编号或 id。',
    order_lead_not_yours: '你不能将线索 {lead} 转为订单：只有负责人及其上级可以。',
    order_create_forbidden: '你无权创建订单。请联系负责该客户的销售或管理员。',
    order_lead_closed: '线索 {lead} 状态为 {status}，不能转为订单。',
    order_customer_not_found: '没有客户「{customer}」。请检查名称，或从线索创建订单。',
    order_customer_required: '请指明订单客户：提供线索、customerId 或 customerName。',
    order_no_lines: '订单至少需要一行明细，例如 sku:A100 qty:2。',
    order_unknown_sku: '没有 SKU 为「{sku}」的有效产品。请核对产品列表。',
    order_line_needs_price: '第 {line} 行没有产品，请同时填写描述和单价。',
    order_line_currency:
      '产品 {sku} 以 {productCurrency} 计价，但订单币种为 {currency}；请以 {currency} 填写单价。',
    order_line_quantity: '第 {line} 行：数量必须是 1 到 1,000,000,000 之间的整数。',
    order_line_unitPrice: '第 {line} 行：单价不能为负数。',
    order_line_discount: '第 {line} 行：折扣必须在 0 到 100% 之间，最多两位小数。',
    order_line_overflow: '第 {line} 行：金额过大。',
    order_unknown_plan: '没有付款计划「{plan}」。可用：{valid}。',
    order_requester_unknown: '花名册中没有有效用户 {email}；订单负责人必须在花名册中。',
    order_not_owner: '只有订单 {number} 的负责人（{owner}）可以执行此操作。',
    order_cancel_forbidden: '你的角色不能取消订单 {number}（负责人 {owner}）。请联系 {owner} 或管理员。',
    order_not_draft: '订单 {number} 状态为 {status}，只有草稿可以提交。',
    order_level_no_manager:
      '审批级别「{level}」需要申请人的主管，但 {requester} 在花名册中没有有效主管。请在花名册中设置主管后重新提交。',
    order_level_no_role:
      '审批级别「{level}」需要角色为 {role} 的有效用户（申请人除外），但没有。请在花名册中为某人分配该角色，或修改 closeloop.yaml 的 approvals.levels[{index}]。',
    order_level_no_users:
      '审批级别「{level}」列出的 {emails} 都不是花名册中的有效用户。请修改 closeloop.yaml 的 approvals.levels[{index}].approvers 或花名册。',
    order_approval_not_found: '此审批已不存在，请刷新卡片。',
    order_not_your_approval: '此审批指派给 {approver}，不是你。',
    order_stood_in: '你不在期间由 {standIn} 代你审批此单，审批仍由其负责：请联系其本人，或等待其决定。',
    order_approval_not_open: '此审批尚未开始：需先由前一级批准。',
    order_reject_reason: '请填写驳回原因，不能为空。',
    order_status_forbidden: '只有负责人、审批人、财务或管理员可以查看订单 {number}。',
    order_bad_amount: '「{value}」不是金额，请写作如 1234.50。',
    order_bad_quantity: '「{value}」不是数量，请写大于 0 的整数，例如 3。',
    order_bad_line: '「{value}」不是明细行，请写作 SKU*数量 或 SKU*数量@单价，例如 A100*2@99.50。',
    order_paid: '订单 {number} 的分期已有回款，不能修改或取消；请先让财务冲销回款。',
    order_edit_cancelled: '订单 {number} 已取消；请先重新打开（订单 重开 {number}）再修改。',
    order_edit_nothing: '此修改未改变订单 {number}；请给出新的明细、折扣、付款计划或条款。',
    order_form_stale:
      '订单 {number} 现在是第 {version} 版，而不是此表单的第 {formVersion} 版；请重新打开表单修改当前版本。',
    order_terms_text: '非标准条款需要填写条款内容；请填写条款，或选择标准条款。',
    order_changed_meanwhile: '订单 {number} 刚被他人修改；请重新查看后重试。',
    order_not_cancelled: '订单 {number} 状态为 {status}；只有已取消的订单可以重新打开。',
    order_bad_discount: '「{value}」不是折扣，请写 0 到 100 的百分比，例如 12.5。',
    order_comment_length: '请填写评论内容（1 到 {max} 个字符），例如：订单 评论 SO-2026-00012 "请回电"。',
    order_attachment_too_large: '文件超过上限 {maxMb} MB（{max} 字节）；请发送更小的文件或拆分。',
    order_attachment_empty: '文件为空；请把文件内容作为请求体发送。',
    order_attachment_name:
      '请在 X-File-Name 头中给出文件名（1 到 {max} 个字符，不含斜杠或控制字符；非 ASCII 请百分号编码），例如 X-File-Name: contract.pdf。',
    order_attachment_not_found: '订单 {number} 没有附件 {id}；可用「订单 附件 {number}」查看。',
    order_override_not_held: '订单 {number} 状态为 {status}；豁免只能放行被信用检查暂停的订单。',
    order_override_reason: '请说明订单为何应继续，例如：订单 豁免 {number} "客户今天已付款"。',
    order_override_not_allowed: '只有订单 {number} 的负责人或其经理可以申请豁免。',
    order_override_no_approver:
      '没有人能批准信用豁免（closeloop.yaml 中 credit.overrideApprovers 未指向除您以外的有效用户）。',
    order_override_not_found: '没有该信用豁免；请使用其卡片上的按钮。',
    order_override_not_approver: '您不是此豁免的审批人（{approvers}）。',
    order_override_reject_reason: '请说明驳回豁免的原因；负责人会看到。',
  },
};

// An order error's variables with the built-in keys it names (an order's or a lead's status, a role) in the reader's
// language: "订单 SO-1 状态为 已批准", not "状态为 approved".
export function orderErrorVars(
  code: string,
  vars: Record<string, string | number>,
  locale: Locale,
): Record<string, string | number> {
  const named = { ...vars };
  if (typeof vars.status === 'string')
    named.status = (code === 'order_lead_closed' ? leadStatusText : statusText)(vars.status, locale);
  if (typeof vars.role === 'string') named.role = nameText('roles', vars.role, locale);
  return named;
}
