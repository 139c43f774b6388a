// Owns Agenda on our PostgreSQL: registers each job file once, and lets the database decide which instance runs it.
import { EventEmitter } from 'node:events';
import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda } from 'agenda';
import type pg from 'pg';
import type { AppDeps } from '../src/app/deps.ts';
import type { JobDefinition } from './types.ts';

export interface Scheduler {
  stop(): Promise<void>;
  healthy(): boolean;
}

// Agenda connects its backend from its constructor and leaves a failed connect unhandled, which ends the process (a stop
// arriving while the scheduler starts did, exit 1); here the failure is kept and startScheduler rejects with it.
class HeldConnectBackend extends PostgresBackend {
  connectFailure: { error: unknown } | null = null;

  override async connect(): Promise<void> {
    try {
      await super.connect();
    } catch (error) {
      this.connectFailure = { error };
    }
  }
}

export async function startScheduler(options: {
  deps: AppDeps;
  pool: pg.Pool;
  jobs: readonly JobDefinition[];
  instanceName: string;
  onError?: (job: string, error: unknown) => void;
}): Promise<Scheduler> {
  const backend = new HeldConnectBackend({ pool: options.pool });
  // Its LISTEN connection reports a lost server as an 'error' event and then reconnects by itself; unheard, that event
  // ended the process (PostgreSQL stopping on SIGTERM before the scheduler did crashed shutdowns).
  const channel: unknown = backend.notificationChannel;
  if (channel instanceof EventEmitter)
    channel.on('error', (error: unknown) => options.onError?.('agenda', error));
  const agenda = new Agenda({
    backend,
    name: options.instanceName,
    processEvery: '5 seconds',
    defaultLockLifetime: 5 * 60_000,
  });
  let running = false;
  agenda.on('error', (error: unknown) => options.onError?.('agenda', error));
  for (const job of options.jobs) {
    agenda.define(
      job.name,
      async () => {
        try {
          await job.run(options.deps);
        } catch (error) {
          options.onError?.(job.name, error);
          throw error;
        }
      },
      { concurrency: 1, lockLimit: 1 },
    );
  }
  await agenda.ready;
  if (backend.connectFailure) throw backend.connectFailure.error;
  await agenda.start();
  // `every` keeps a single record per job name, so several instances share one schedule instead of multiplying it.
  // One upsert per job name, so they may run side by side (one round trip of start time, not one per job).
  await Promise.all(options.jobs.map((job) => agenda.every(job.every, job.name)));
  running = true;
  return {
    healthy: () => running,
    stop: async () => {
      running = false;
      await agenda.stop();
    },
  };
}
