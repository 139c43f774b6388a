// Owns refreshing App Home after the bot posts or edits a card in someone's DM: debounced per person, never failing a delivery.

export type PublishHome = (slackUserId: string) => Promise<void>;

export interface HomeRefresh {
  // Called by the transport after a successful send to a person; a no-op until a publisher is attached.
  schedule(slackUserId: string): void;
  // The Slack plugin attaches the publisher (it has the deps); the returned detach cancels pending refreshes and waits for running ones.
  attach(publish: PublishHome, onError: (error: unknown) => void): () => Promise<void>;
  // Resolves once nothing is pending or running.
  idle(): Promise<void>;
}

// A burst of cards to one person (an approval edits several) publishes their home once, `delayMs` after the last.
export function createHomeRefresh(delayMs: number): HomeRefresh {
  let publisher: { publish: PublishHome; onError: (error: unknown) => void } | null = null;
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const running = new Set<Promise<void>>();
  let waiters: (() => void)[] = [];

  const settle = () => {
    if (pending.size > 0 || running.size > 0) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };

  const run = (slackUserId: string) => {
    pending.delete(slackUserId);
    const current = publisher;
    if (!current) return settle();
    const job = current
      .publish(slackUserId)
      .catch(current.onError)
      .finally(() => {
        running.delete(job);
        settle();
      });
    running.add(job);
  };

  return {
    schedule(slackUserId) {
      if (!publisher) return;
      const before = pending.get(slackUserId);
      if (before) clearTimeout(before);
      const timer = setTimeout(() => run(slackUserId), delayMs);
      // A refresh still waiting must not keep the process alive at shutdown.
      timer.unref?.();
      pending.set(slackUserId, timer);
    },
    attach(publish, onError) {
      const mine = { publish, onError };
      publisher = mine;
      return async () => {
        if (publisher !== mine) return;
        publisher = null;
        for (const timer of pending.values()) clearTimeout(timer);
        pending.clear();
        await Promise.all(running);
        settle();
      };
    },
    idle() {
      if (pending.size === 0 && running.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}
