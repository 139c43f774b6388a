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
// Its schema is made with CREATE … IF NOT EXISTS, which two instances starting at once on a fresh database race on
// (one failed with a duplicate pg_type row and ended its start): a session lock lets one create it at a time.
class HeldConnectBackend extends PostgresBackend {
  connectFailure: { error: unknown } | null = null;

  constructor(private readonly lockPool: pg.Pool) {
    super({ pool: lockPool });
  }

  override async connect(): Promise<void> {
    try {
      const lock = await this.lockPool.connect();
      try {
        await lock.query(`select pg_advisory_lock(hashtext('closeloop:agenda-schema'))`);
        await super.connect();
      } finally {
        await lock
          .query(`select pg_advisory_unlock(hashtext('closeloop:agenda-schema'))`)
          .catch(() => undefined);
        lock.release();
      }
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
  const backend = new HeldConnectBackend(options.pool);
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
