// Owns pacing to Lark's rate limits: a call waits until every window it counts against has room.
export interface Window {
  count: number;
  ms: number;
}

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realPacerClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface Pacer {
  // Resolves when a call on `key` may go out, counted against `perKey` and every app-wide window.
  wait(key: string, perKey: Window): Promise<void>;
}

// Limits per chat/user and per message are Lark's; app-wide windows are shared by every call of the app.
export function createPacer(appWide: Window[], clock: PacerClock = realPacerClock): Pacer {
  const history = new Map<string, number[]>();
  const globalKey = '\u0000app';
  const longest = Math.max(...appWide.map((w) => w.ms), 1_000);

  // Milliseconds until a call fits in `window`, given the send times in `times` (oldest first).
  const waitFor = (times: number[], window: Window, now: number) => {
    const inWindow = times.filter((t) => t > now - window.ms);
    if (inWindow.length < window.count) return 0;
    const oldestThatMustExpire = inWindow[inWindow.length - window.count] ?? now;
    return oldestThatMustExpire + window.ms - now;
  };

  return {
    wait: async (key, perKey) => {
      for (;;) {
        const now = clock.now();
        const own = history.get(key) ?? [];
        const all = history.get(globalKey) ?? [];
        const delay = Math.max(waitFor(own, perKey, now), ...appWide.map((w) => waitFor(all, w, now)));
        if (delay <= 0) {
          history.set(key, [...own.filter((t) => t > now - perKey.ms), now]);
          history.set(globalKey, [...all.filter((t) => t > now - longest), now]);
          for (const [k, times] of history) {
            if (k !== globalKey && (times.at(-1) ?? 0) <= now - longest) history.delete(k);
          }
          return;
        }
        await clock.sleep(delay);
      }
    },
  };
}
