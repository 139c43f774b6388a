// Owns the delivery loop: wakes on NOTIFY from a committed use case (or a short poll) and drains the outbox.
import type { AppDeps } from '../src/app/deps.ts';
import { type DeliveryOptions, deliverDue, type Transports } from '../src/app/outbox/deliver-outbox.ts';
import { listen } from '../src/db/listen.ts';
import { OUTBOX_CHANNEL } from '../src/db/outbox-wake.ts';

export interface DeliveryWorker {
  stop(): Promise<void>;
  // Resolves once the outbox holds nothing this worker can send now.
  drain(): Promise<void>;
}

export async function startDeliveryWorker(options: {
  deps: AppDeps;
  transports: Transports;
  databaseUrl: string;
  pollMs?: number;
  delivery?: DeliveryOptions;
  onError?: (error: unknown) => void;
}): Promise<DeliveryWorker> {
  const { deps, transports } = options;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;

  const runOnce = async () => {
    do {
      again = false;
      try {
        const report = await deliverDue(deps, transports, options.delivery);
        if (report.claimed > 0) again = true;
      } catch (error) {
        options.onError?.(error);
      }
    } while (again && !stopped);
  };
  const kick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = runOnce().finally(() => {
      running = null;
    });
    return running;
  };

  const listener = await listen(options.databaseUrl, OUTBOX_CHANNEL, () => void kick());
  const timer = setInterval(() => void kick(), options.pollMs ?? 1_000);
  timer.unref();
  void kick();
  return {
    drain: async () => {
      while (running) await running;
      await kick();
    },
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await listener.close();
      await running;
    },
  };
}
