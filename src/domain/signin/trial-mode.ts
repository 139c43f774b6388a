// Owns the trial-mode rule: the console and dashboard run without sign-in (act as anyone) only on this machine,
// before any chat platform or web account exists.

export interface TrialFacts {
  // The environment allows trial mode: bound to loopback and no chat credentials (or CLOSELOOP_CONSOLE=on).
  allowedByEnv: boolean;
  // Someone has a password or was given a one-time sign-in link.
  accountsExist: boolean;
}

export function inTrialMode(facts: TrialFacts): boolean {
  return facts.allowedByEnv && !facts.accountsExist;
}
