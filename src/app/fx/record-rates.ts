// Use case: finance records exchange rates (chat, API, file import, the provider job); a rate already known for its
// pair, date and source is left alone, a different one replaces it; both audited with before/after.
import { and, eq } from 'drizzle-orm';
import { fxRates } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { parseRate, type RateInput, type Rational, rateProblems, rateText } from '../../domain/fx/rate.ts';
import { demand } from '../access/ask.ts';
import { type Actor, type AppDeps, actorLabel } from '../deps.ts';
import { type AuditEntry, inTransaction } from '../unit-of-work.ts';

export type RateOutcome = 'created' | 'changed' | 'unchanged';

export interface RecordedRate extends RateInput {
  source: string;
  outcome: RateOutcome;
  // The rate it replaced, when changed.
  before: string | null;
}

const sameRate = (a: Rational, b: Rational) => a.num * b.den === b.num * a.den;

// Every input checked first (each problem names its field, prefixed by the input's place in a list: `rates.2.rate`);
// one bad input records nothing.
export function checkRates(inputs: readonly RateInput[], listed: boolean): void {
  const problems = inputs.flatMap((input, i) => rateProblems(input, listed ? `rates.${i}.` : ''));
  const [first, ...rest] = problems;
  if (first) throw new DomainError(first.kind, first.code, first.vars, first.field, rest);
}

export async function recordRates(
  deps: AppDeps,
  actor: Actor,
  inputs: readonly RateInput[],
  source: string,
  // Field names of problems as `rates.<i>.<field>` (an API body's list), else bare.
  listed = false,
): Promise<RecordedRate[]> {
  demand(deps, actor, 'fx.manage', {}, 'fx_forbidden');
  checkRates(inputs, listed);
  return inTransaction(deps, actor, async (uow) => {
    const out: RecordedRate[] = [];
    const audit: AuditEntry[] = [];
    for (const input of inputs) {
      const rate = parseRate(input.rate);
      if (!rate) throw new Error('checked above');
      const key = and(
        eq(fxRates.base, input.base),
        eq(fxRates.quote, input.quote),
        eq(fxRates.rateDate, input.on),
        eq(fxRates.source, source),
      );
      const [known] = await uow.tx.select().from(fxRates).where(key).for('update');
      const written = rateText(rate);
      const after = { base: input.base, quote: input.quote, date: input.on, source, rate: written };
      if (known && sameRate(parseRate(known.rate) ?? { num: 0n, den: 1n }, rate)) {
        out.push({ ...input, rate: written, source, outcome: 'unchanged', before: null });
        continue;
      }
      if (known) {
        const before = rateText(parseRate(known.rate) ?? rate);
        await uow.tx
          .update(fxRates)
          .set({ rate: written, recordedAt: uow.now, recordedBy: actorLabel(actor) })
          .where(eq(fxRates.id, known.id));
        audit.push({
          action: 'fx.rate.change',
          entityType: 'fx_rate',
          entityId: known.id,
          before: { ...after, rate: before },
          after,
        });
        out.push({ ...input, rate: written, source, outcome: 'changed', before });
        continue;
      }
      // A concurrent recorder of the same key wins; this one then changes nothing.
      const [row] = await uow.tx
        .insert(fxRates)
        .values({
          base: input.base,
          quote: input.quote,
          rate: written,
          rateDate: input.on,
          source,
          recordedBy: actorLabel(actor),
          recordedAt: uow.now,
        })
        .onConflictDoNothing()
        .returning({ id: fxRates.id });
      if (row) audit.push({ action: 'fx.rate.create', entityType: 'fx_rate', entityId: row.id, after });
      out.push({ ...input, rate: written, source, outcome: row ? 'created' : 'unchanged', before: null });
    }
    if (audit.length > 0) await uow.auditMany(audit);
    return out;
  });
}
