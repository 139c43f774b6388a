// Owns the rules of a dunning follow-up task: its number, who it goes to, when it is due, and which clicks move it.
import { addDays } from '../time.ts';
import type { DunningAudience } from './dunning.ts';

export type TaskStatus = 'open' | 'done' | 'escalated';

// "T-000042": tasks are named like leads (L-000042), by a sequence number.
export function taskNumber(seq: number): string {
  return `T-${String(seq).padStart(6, '0')}`;
}

// "T-000042", "t42", "42" → 42; null when it is not a task number.
export function taskSeqOf(text: string): number | null {
  const m = /^(?:t-?)?0*(\d{1,12})$/i.exec(text.normalize('NFKC').trim());
  return m?.[1] ? Number(m[1]) : null;
}

export interface TaskPeople {
  repId: string;
  repActive: boolean;
  managerId: string | null;
}

// The order's rep, as the step's rules read: a step telling only the manager (no rep, no customer) hands the task to
// the manager; a rep who left (inactive) leaves it with their manager. Never nobody: without a manager it stays
// with the rep, whose manager-less tasks still count in the digest.
export function taskAssignee(notify: readonly DunningAudience[], people: TaskPeople): string {
  const managerOnly = notify.includes('manager') && !notify.includes('rep') && !notify.includes('customer');
  if ((managerOnly || !people.repActive) && people.managerId && people.managerId !== people.repId)
    return people.managerId;
  return people.repId;
}

// Local weekday of an ISO date (0 = Sunday), calendar arithmetic only.
function weekdayOf(isoDate: string): number {
  return new Date(`${isoDate}T00:00:00Z`).getUTCDay();
}

// The step's due offset from today (`taskDueDays`), else the next working day; a due day that falls off shift moves
// on to the next working day. A week without working days keeps the plain date.
export function taskDueOn(today: string, dueDays: number | undefined, workDays: ReadonlySet<number>): string {
  let due = addDays(today, dueDays ?? 1);
  if (workDays.size === 0) return due;
  while (!workDays.has(weekdayOf(due))) due = addDays(due, 1);
  return due;
}

export type TaskMove = 'complete' | 'escalate';

export type MoveVerdict =
  | { ok: true; status: TaskStatus }
  | { ok: false; why: 'already_done' | 'already_escalated' | 'no_manager' };

// Done closes an open or escalated task; Escalate hands an open one to a manager once. A second click of either
// finds the task already moved and changes nothing.
export function moveTask(status: TaskStatus, move: TaskMove, managerId: string | null): MoveVerdict {
  if (status === 'done') return { ok: false, why: 'already_done' };
  if (move === 'complete') return { ok: true, status: 'done' };
  if (status === 'escalated') return { ok: false, why: 'already_escalated' };
  if (!managerId) return { ok: false, why: 'no_manager' };
  return { ok: true, status: 'escalated' };
}
