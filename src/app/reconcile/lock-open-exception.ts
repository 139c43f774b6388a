// Owns taking an exception for a finance decision: lock its row, or say who already decided it.
import { eq } from 'drizzle-orm';
import { reconExceptions, users } from '../../db/schema.ts';
import { notFound } from '../../domain/errors.ts';
import type { UnitOfWork } from '../unit-of-work.ts';

export type ExceptionRow = typeof reconExceptions.$inferSelect;

// The row lock makes two finance users' clicks take turns; the second sees the first one's decision.
export async function lockOpenException(
  uow: UnitOfWork,
  exceptionId: string,
): Promise<{ open: true; row: ExceptionRow } | { open: false; by: string }> {
  const [row] = await uow.tx
    .select()
    .from(reconExceptions)
    .where(eq(reconExceptions.id, exceptionId))
    .for('update');
  if (!row) throw notFound('recon_exception_unknown', { id: exceptionId });
  if (row.status === 'open') return { open: true, row };
  const by = row.resolvedBy ?? row.acknowledgedBy;
  const [who] = by ? await uow.tx.select({ name: users.name }).from(users).where(eq(users.id, by)) : [];
  return { open: false, by: who?.name ?? '?' };
}
