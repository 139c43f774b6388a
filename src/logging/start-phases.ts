// Owns the start-up timeline printed with CLOSELOOP_START_TRACE=on: milliseconds since the process began, per phase.

export type MarkPhase = (phase: string) => void;

export const unmarked: MarkPhase = () => {};

// performance.now() counts from the process's own start, so the first mark also shows the time spent loading modules.
export function startPhases(write: (line: string) => void): MarkPhase {
  return (phase) => write(`[start] ${Math.round(performance.now())} ms ${phase}`);
}
