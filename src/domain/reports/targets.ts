// Owns sales targets: which monthly target applies to a person (their own, else their team's default, else their
// role's) and what it comes to over a period, prorated by the days of each month the period covers.
import { addDays } from '../time.ts';
import { daysInMonth } from './period.ts';
import type { Person } from './tree.ts';

// closeloop.yaml targets.monthly, in org-currency minor units: by role, and by team (the manager's email).
export interface TargetDefaults {
  byRole: ReadonlyMap<string, number>;
  byTeam: ReadonlyMap<string, number>;
}

export type TargetSource = 'own' | 'team' | 'role';

export function monthlyTargetOf(
  person: Person,
  managerEmail: string | null,
  defaults: TargetDefaults,
): { minor: number; source: TargetSource } | null {
  if (person.targetMonthlyMinor !== null) return { minor: person.targetMonthlyMinor, source: 'own' };
  const team = managerEmail ? defaults.byTeam.get(managerEmail.toLowerCase()) : undefined;
  if (team !== undefined) return { minor: team, source: 'team' };
  for (const role of person.roles) {
    const byRole = defaults.byRole.get(role);
    if (byRole !== undefined) return { minor: byRole, source: 'role' };
  }
  return null;
}

// A monthly target over the local dates [from, to]: each month contributes target × its days covered / its days.
export function periodTarget(monthlyMinor: number, from: string, to: string): number {
  let total = 0;
  let day = from;
  while (day <= to) {
    const monthEnd = `${day.slice(0, 7)}-${String(daysInMonth(day)).padStart(2, '0')}`;
    const end = monthEnd < to ? monthEnd : to;
    const covered =
      Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000) + 1;
    total += (monthlyMinor * covered) / daysInMonth(day);
    day = addDays(end, 1);
  }
  return Math.round(total);
}

// The largest target a person may be given: far above any real month, far below the bigint and float limits.
export const maxTargetMinor = 1_000_000_000_000_00;
