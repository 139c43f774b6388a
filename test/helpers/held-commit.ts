// Holds a use case's transactions open after their work, just before they commit, so a test can run another
// transaction in that window (a race the code offers no pause for) through the use case's own deps.
import type { AppDeps } from '../../src/app/deps.ts';

export interface HeldCommit {
  // The deps to run the use case with: its transactions do their work, then wait for commit().
  deps: AppDeps;
  // Settles once a transaction's work is done and it waits to commit, holding every lock it took.
  held: Promise<void>;
  commit: () => void;
}

export function holdCommit(deps: AppDeps): HeldCommit {
  let reached = () => {};
  let commit = () => {};
  const held = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const gate = new Promise<void>((resolve) => {
    commit = resolve;
  });
  const db = new Proxy(deps.db, {
    get(target, prop, receiver) {
      if (prop !== 'transaction') return Reflect.get(target, prop, receiver);
      const transaction: typeof target.transaction = (work, config) =>
        target.transaction(async (tx) => {
          const result = await work(tx);
          reached();
          await gate;
          return result;
        }, config);
      return transaction;
    },
  });
  return { deps: { ...deps, db }, held, commit: () => commit() };
}
