// Owns when a web session ends: idle too long since it was last used, or past its absolute end; and when to note use.

export interface SessionTimes {
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

export type SessionState = 'live' | 'idle' | 'expired';

export function sessionState(
  session: SessionTimes,
  now: Date,
  limits: Pick<SessionLimits, 'idleMs'>,
): SessionState {
  if (now.getTime() >= session.expiresAt.getTime()) return 'expired';
  if (now.getTime() - session.lastSeenAt.getTime() >= limits.idleMs) return 'idle';
  return 'live';
}

// Last use is written at most once a minute: the console polls every few seconds and each write is a row update.
export const touchEveryMs = 60_000;

export function needsTouch(session: SessionTimes, now: Date): boolean {
  return now.getTime() - session.lastSeenAt.getTime() >= touchEveryMs;
}

export function absoluteEnd(createdAt: Date, limits: Pick<SessionLimits, 'absoluteMs'>): Date {
  return new Date(createdAt.getTime() + limits.absoluteMs);
}
