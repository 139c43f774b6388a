// Owns the owner's lead card: one card per lead and owner (the accepted offer, or posted on claim) edited in place as
// the lead moves through its stages.
import { eq } from 'drizzle-orm';
import type { Policy } from '../../config/policy.ts';
import { users } from '../../db/schema.ts';
import { type Stage, stageOf } from '../../domain/leads/stages.ts';
import { type Checklist, ownerLeadCard } from '../../messages/catalogue/leads.ts';
import type { Target } from '../../messages/model.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { cardDataOf, type LeadRow, offerRef } from './route-lead.ts';

// The offer card a rep accepted is their lead card from then on; a claimer gets one under the same key.
export const ownerCardRef = (leadId: string, ownerId: string) => offerRef(leadId, ownerId);

export function checklistOf(policy: Policy, stage: Stage): Checklist | null {
  if (stage === 'lost' || stage === 'converted') return null;
  return policy.followUp.stages[stage].checklist ?? null;
}

async function ownerName(uow: UnitOfWork, ownerId: string): Promise<string> {
  const [owner] = await uow.tx.select({ name: users.name }).from(users).where(eq(users.id, ownerId));
  return owner?.name ?? '';
}

function build(uow: UnitOfWork, lead: LeadRow, owner: string) {
  const stage = stageOf(lead) ?? 'accepted';
  const data = cardDataOf(lead, uow.deps);
  const checklist = checklistOf(uow.deps.policy, stage);
  const { lostReasons } = uow.deps.policy.followUp;
  return (locale: Parameters<typeof ownerLeadCard>[2]) =>
    ownerLeadCard(data, { owner, stage, checklist, lostReasons }, locale);
}

// The owner's card as it now is, for a use case that adds to it (a merge note) before editing it in place.
export async function ownerCardOf(uow: UnitOfWork, lead: LeadRow) {
  if (!lead.ownerId) return null;
  return {
    refKey: ownerCardRef(lead.id, lead.ownerId),
    build: build(uow, lead, await ownerName(uow, lead.ownerId)),
  };
}

// Edits every copy of the owner's card to show the lead as it now is.
export async function showOwnerCard(uow: UnitOfWork, lead: LeadRow): Promise<void> {
  if (!lead.ownerId) return;
  await uow.update(ownerCardRef(lead.id, lead.ownerId), build(uow, lead, await ownerName(uow, lead.ownerId)));
}

// A claimed lead has no offer card in the claimer's chat: post their lead card there.
export async function postOwnerCard(uow: UnitOfWork, lead: LeadRow): Promise<void> {
  if (!lead.ownerId) return;
  const target: Target = { kind: 'user', userId: lead.ownerId };
  await uow.post(
    target,
    ownerCardRef(lead.id, lead.ownerId),
    build(uow, lead, await ownerName(uow, lead.ownerId)),
  );
}
