// Owns the dunning ladder: which reminder step each open installment is due for on a given org-local day.
import { addDays } from '../time.ts';

export type DunningAudience = 'rep' | 'manager' | 'director' | 'finance' | 'customer';

// The wordings a step may name for what the customer reads, mildest first.
export const dunningTemplates = ['gentle', 'firm', 'final'] as const;
export type DunningTemplate = (typeof dunningTemplates)[number];

// One email a day speaks for every step that fired that day: it takes the sternest wording among them.
export function sternestTemplate(
  templates: readonly (DunningTemplate | undefined)[],
): DunningTemplate | undefined {
  let index = -1;
  for (const t of templates) if (t) index = Math.max(index, dunningTemplates.indexOf(t));
  return index < 0 ? undefined : dunningTemplates[index];
}

export interface DunningStepRule {
  offsetDays: number;
  notify: readonly DunningAudience[];
  task: boolean;
  // Days after the task opens that it is due; none: the next working day.
  taskDueDays?: number;
  // The catalogue wording of what the customer reads at this step; none keeps the plain reminder.
  template?: DunningTemplate;
  // The step puts the customer on credit hold: new orders are held until this installment is paid.
  creditHold?: true;
}

export interface OpenInstallment {
  id: string;
  orderNumber: string;
  // YYYY-MM-DD
  dueOn: string;
  amountMinor: number;
  paidMinor: number;
  currency: string;
  repId: string;
}

export interface DunningDecision<I extends OpenInstallment = OpenInstallment> {
  installment: I;
  step: DunningStepRule;
}

export interface DunningPlan<I extends OpenInstallment = OpenInstallment> {
  fire: DunningDecision<I>[];
  // Steps that came due while nobody looked and were overtaken by a later one: recorded, never sent.
  skip: DunningDecision<I>[];
}

// `done` holds "<installmentId>:<offsetDays>" for every step already fired or skipped.
export function dunningKey(installmentId: string, offsetDays: number): string {
  return `${installmentId}:${offsetDays}`;
}

export function planDunning<I extends OpenInstallment>(
  installments: readonly I[],
  steps: readonly DunningStepRule[],
  done: ReadonlySet<string>,
  today: string,
): DunningPlan<I> {
  const plan: DunningPlan<I> = { fire: [], skip: [] };
  const ladder = [...steps].sort((a, b) => a.offsetDays - b.offsetDays);
  for (const installment of installments) {
    if (installment.amountMinor - installment.paidMinor <= 0) continue;
    const due = ladder.filter((s) => addDays(installment.dueOn, s.offsetDays) <= today);
    const latest = due.at(-1);
    if (!latest) continue;
    for (const step of due) {
      if (done.has(dunningKey(installment.id, step.offsetDays))) continue;
      // Only the latest due step speaks: nobody should get a "due in 3 days" note on day +5. A credit hold is
      // not a note but a state, so it takes effect however late the ladder looks.
      (step === latest || step.creditHold ? plan.fire : plan.skip).push({ installment, step });
    }
  }
  return plan;
}
