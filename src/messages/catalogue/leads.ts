// Catalogue: every lead card (offer, claim, and their claimed/accepted/declined versions), reply and error, zh-CN and en; each part lives in leads/.

export { leadErrors } from './leads/errors.ts';
export {
  type CheckInData,
  type CheckInItem,
  type Checklist,
  checkInCard,
  firstContactReminderCard,
  followUpText,
  idleReminderCard,
  type LeadStage,
  notContactedCard,
  type OwnerCardView,
  ownerLeadCard,
  stageText,
} from './leads/follow-up-cards.ts';
export {
  type ImportedDuplicateLine,
  type ImportProblemData,
  importDuplicateLines,
  importDuplicatesCard,
  importProblemText,
  importSummaryText,
} from './leads/import-texts.ts';
export { type LeadLogFormData, leadLogBlankForm, leadLogForm } from './leads/log-form.ts';
export { leadNewForm } from './leads/new-form.ts';
export {
  acceptedCard,
  claimCard,
  claimedCard,
  type DuplicateData,
  declinedCard,
  duplicateCard,
  type MyLead,
  myLeadsCard,
  offerCard,
  timedOutCard,
  unclaimedCard,
  wentToCard,
} from './leads/routing-cards.ts';
export { type LeadCardData, leadTexts, reasonText, statusText } from './leads/texts.ts';
