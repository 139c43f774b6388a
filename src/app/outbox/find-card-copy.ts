// Use case: which card a platform message is (by its message id), and what that copy shows now or is about to show.
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { messageRefs, outbox } from '../../db/schema.ts';
import { isLocale } from '../../messages/i18n.ts';
import type { Card, Locale } from '../../messages/model.ts';
import { openCard } from '../crypto/seal-card.ts';
import type { AppDeps, Platform } from '../deps.ts';

export interface CardCopy {
  refKey: string;
  destination: string;
  locale: Locale;
  // The newest content queued or sent for this copy.
  card: Card;
}

export async function findCardCopy(
  deps: AppDeps,
  platform: Platform,
  messageId: string,
): Promise<CardCopy | null> {
  const [ref] = await deps.db
    .select({ refKey: messageRefs.refKey, destination: messageRefs.destination, locale: messageRefs.locale })
    .from(messageRefs)
    .where(and(eq(messageRefs.platform, platform), eq(messageRefs.messageId, messageId)));
  if (!ref) return null;
  const [latest] = await deps.db
    .select({ card: outbox.card })
    .from(outbox)
    .where(
      and(
        eq(outbox.refKey, ref.refKey),
        eq(outbox.platform, platform),
        eq(outbox.destination, ref.destination),
        inArray(outbox.status, ['pending', 'sent']),
        // An emptied card (past the retention window) is no copy to show.
        isNull(outbox.purgedAt),
      ),
    )
    .orderBy(desc(outbox.id))
    .limit(1);
  if (!latest) return null;
  return {
    refKey: ref.refKey,
    destination: ref.destination,
    locale: isLocale(ref.locale) ? ref.locale : deps.policy.org.locale,
    card: openCard(deps.keyring, latest.card) as Card,
  };
}
