// Owns the subset-sum search: which sets of a customer's open installments pay an amount within tolerance.
import type { OpenInstallment, Tolerance } from './matcher.ts';

// The subset-sum search looks at this many oldest open installments and combinations up to this size;
// past that a person chooses, which is also what a person would want for a payment covering dozens of invoices.
export const matcherLimits = { searchWindow: 24, maxCombination: 6, searchBudget: 200_000 } as const;
const { searchWindow, maxCombination, searchBudget } = matcherLimits;

export function outstanding(i: OpenInstallment): number {
  return i.amountMinor - i.settledMinor;
}

export function oldestFirst(a: OpenInstallment, b: OpenInstallment): number {
  return (
    a.dueOn.localeCompare(b.dueOn) || a.orderNumber.localeCompare(b.orderNumber) || a.position - b.position
  );
}

function allowance(owed: number, side: { percent: number; maxMinor: number }): number {
  return Math.min(Math.floor((owed * side.percent) / 100), side.maxMinor);
}

export interface Candidate {
  set: OpenInstallment[];
  difference: number; // paid minus owed
}

// Every combination of open installments whose total is within tolerance of the amount, found by a depth-first
// search over the oldest installments taken in ascending order of what they owe, so that the first one to overshoot
// ends its branch and a branch that cannot reach the amount even with the largest ones left is never entered.
// `steps` counts the branches tried, never above matcherLimits.searchBudget however many installments are open;
// `complete` says the search saw every combination (nothing left out by the window, the size limit or the budget),
// which is what lets a single fit count as the only one.
export function searchCombinations(
  open: OpenInstallment[],
  amount: number,
  tolerance: Tolerance,
): { found: Candidate[]; steps: number; complete: boolean } {
  const pool = open
    .slice(0, searchWindow)
    .map((i) => ({ i, owed: outstanding(i) }))
    .sort((a, b) => a.owed - b.owed || oldestFirst(a.i, b.i));
  const n = pool.length;
  const owed = pool.map((p) => p.owed);
  // rest[k]: what pool[k..] owes together.
  const rest = new Array<number>(n + 1).fill(0);
  for (let k = n - 1; k >= 0; k--) rest[k] = (rest[k + 1] as number) + (owed[k] as number);
  // A set must owe at least this much (the amount less the largest excess allowed) and at most this much.
  const lowest = amount - tolerance.over.maxMinor;
  const highest = amount + tolerance.under.maxMinor;
  const found: Candidate[] = [];
  const chosen: number[] = [];
  let steps = 0;
  let complete = open.length <= searchWindow;
  const walk = (start: number, total: number): void => {
    if (chosen.length > 0) {
      const difference = amount - total;
      if (
        (difference >= 0 && difference <= allowance(total, tolerance.over)) ||
        (difference < 0 && -difference <= allowance(total, tolerance.under))
      )
        found.push({
          set: chosen.map((k) => (pool[k] as { i: OpenInstallment }).i).sort(oldestFirst),
          difference,
        });
    }
    if (start >= n) return;
    if (chosen.length === maxCombination) {
      // A larger set might still fit: the search did not see everything.
      if (total + (owed[start] as number) <= highest) complete = false;
      return;
    }
    // Even the largest installments left, as many as may still be added, do not reach the amount.
    const room = maxCombination - chosen.length;
    if (total + (rest[Math.max(start, n - room)] as number) < lowest) return;
    for (let k = start; k < n; k++) {
      const sum = total + (owed[k] as number);
      if (sum > highest) break;
      if (++steps > searchBudget) {
        complete = false;
        return;
      }
      chosen.push(k);
      walk(k + 1, sum);
      chosen.pop();
      if (steps > searchBudget) return;
    }
  };
  walk(0, 0);
  return { found, steps: Math.min(steps, searchBudget), complete };
}
