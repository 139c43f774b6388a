// Owns the trial-mode rule: the console and dashboard run without sign-in (act as anyone) only on this machine,
// before any chat platform or web account exists.

export interface TrialFacts {
  // The environment allows trial mode: bound to loopback and no chat credentials (or CLOSELOOP_CONSOLE=on).
  allowedByEnv: boolean;
  // Someone has a password or was given a one-time sign-in link.
  accountsExist: boolean;
  // The request named this machine (a loopback host) and came through no proxy. A server bound to loopback is reached
  // from elsewhere only through a proxy or tunnel, which would hand the roster to whoever reaches that.
  fromThisMachine: boolean;
  // CLOSELOOP_CONSOLE=on: any host the server answers for (start-up warns when that is beyond this machine).
  forcedByEnv: boolean;
}

export function inTrialMode(facts: TrialFacts): boolean {
  return facts.allowedByEnv && !facts.accountsExist && (facts.fromThisMachine || facts.forcedByEnv);
}
