// The receivables roll-up queries against the same questions asked of the facts: every grouping of the open
// receivables, and what fell due and was collected.
import { expect } from 'vitest';
import type { Executor } from '../../../src/db/client.ts';
import {
  queryDueCollectedFromFacts,
  queryOpenReceivablesFromFacts,
} from '../../../src/db/reports/receivables-facts-query.ts';
import {
  type DueCollectedQuery,
  type DueCollectedRow,
  type OpenGroupRow,
  queryDueCollected,
  queryOpenReceivables,
} from '../../../src/db/reports/receivables-query.ts';

const sortOpen = (rows: OpenGroupRow[]) =>
  [...rows].sort((a, b) => `${a.by}|${a.key}|${a.currency}`.localeCompare(`${b.by}|${b.key}|${b.currency}`));

// Asserts both paths agree and returns the roll-up's answers.
export async function expectReceivablesAgree(
  db: Executor,
  q: DueCollectedQuery,
  what: string,
): Promise<{ open: OpenGroupRow[]; due: DueCollectedRow[] }> {
  const open = sortOpen(await queryOpenReceivables(db, q));
  expect(open, `receivables ${what}`).toEqual(sortOpen(await queryOpenReceivablesFromFacts(db, q)));
  const due = await queryDueCollected(db, q);
  expect(due, `due ${what}`).toEqual(await queryDueCollectedFromFacts(db, q));
  return { open, due };
}
