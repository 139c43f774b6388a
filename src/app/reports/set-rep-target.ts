// Use case: a manager (anyone above the rep) or an admin sets a rep's monthly target in the org currency; audited.
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import { forbidden, invalid, notFound } from '../../domain/errors.ts';
import { parseAmount } from '../../domain/money.ts';
import { maxTargetMinor, monthlyTargetOf } from '../../domain/reports/targets.ts';
import { ancestorsByPerson } from '../../domain/roster/ancestors.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { loadPeople } from './load-people.ts';
import { maySetTarget } from './report-visibility.ts';
import { findPerson } from './resolve-report-scope.ts';
import { targetDefaults } from './target-defaults.ts';

export interface TargetSet {
  name: string;
  // Null clears the person's own target (the yaml default applies again).
  minor: number | null;
  before: number | null;
  // What applies to the person without a target of their own (closeloop.yaml targets.monthly), null when nothing does.
  fallback: number | null;
}

export async function setRepTarget(
  deps: AppDeps,
  actor: UserActor,
  ref: string,
  amount: string,
): Promise<TargetSet> {
  const currency = deps.policy.org.currency;
  const minor = parseAmount(amount, currency);
  if (minor === null || minor < 0 || minor > maxTargetMinor)
    throw invalid('report_bad_target', 'amount', { value: amount, currency });
  const people = await loadPeople(deps.db);
  const rep = findPerson(people, ref);
  if (!rep) throw notFound('report_unknown_person', { ref });
  if (!maySetTarget(deps, actor, ancestorsByPerson(people).get(rep.id) ?? []))
    throw forbidden('report_target_forbidden', { name: rep.name });
  const next = minor === 0 ? null : minor;
  const managerEmail = people.find((p) => p.id === rep.managerId)?.email ?? null;
  const fallback =
    monthlyTargetOf({ ...rep, targetMonthlyMinor: null }, managerEmail, targetDefaults(deps.policy))?.minor ??
    null;
  return inTransaction(deps, actor, async (uow) => {
    const [before] = await uow.tx
      .select({ target: users.targetMonthlyMinor })
      .from(users)
      .where(eq(users.id, rep.id))
      .for('update');
    const prior = before?.target ?? null;
    // Setting the same target again changes nothing and writes no audit row.
    if (prior !== next) {
      await uow.tx.update(users).set({ targetMonthlyMinor: next }).where(eq(users.id, rep.id));
      await uow.audit({
        action: 'user.target',
        entityType: 'user',
        entityId: rep.id,
        before: { targetMonthlyMinor: prior },
        after: { targetMonthlyMinor: next, currency },
      });
    }
    return { name: rep.name, minor: next, before: prior, fallback };
  });
}
