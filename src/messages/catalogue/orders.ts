// Catalogue: every order and approval card, notice, reply and error text, in zh-CN and en; each part lives in orders/.

export {
  approvalCard,
  approvalDecidedCard,
  approvalEscalationCard,
  approvalReminderCard,
  approvalRetiredCard,
  approvedNotice,
  rejectedNotice,
} from './orders/approval-cards.ts';
export {
  approvalHeldCard,
  creditHeldMidChainNotice,
  creditHoldNotice,
  creditOverrideCard,
  creditOverrideDecidedCard,
  creditOverrideNotice,
  heldReplyText,
  holdReasons,
  type OverrideDecision,
  type OverrideReply,
  type OverrideStandIn,
  type OverrideView,
  overrideReplyText,
} from './orders/credit-cards.ts';
export { orderEditHowTo } from './orders/edit-action.ts';
export { orderErrors } from './orders/errors.ts';
export {
  type NewOrderFormData,
  type OrderEditFormData,
  orderEditForm,
  orderNewBlankForm,
  orderNewForm,
} from './orders/forms.ts';
export {
  commentCard,
  orderAttachmentsCard,
  orderHistoryCard,
  orderListCard,
  orderStatusCard,
} from './orders/order-cards.ts';
export { changesText, deciderText, statusText } from './orders/order-fields.ts';
export { type OrderReply, orderReplyText } from './orders/replies.ts';
export {
  type ApprovalExtras,
  type AttachmentView,
  type CreditView,
  type Decider,
  type HistoryView,
  type InstallmentLine,
  type LevelInfo,
  type ListStepState,
  type OrderListItem,
  type OrderSummary,
  type Outcome,
  type StatusStep,
  type StatusView,
  stepsLine,
} from './orders/views.ts';
