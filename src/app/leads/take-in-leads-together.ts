// Owns single lead intake under load: while a few intakes are in flight, the ones arriving wait and then go in
// together through the import's set-based path — one transaction, one routing turn, a few statements for all —
// each answered and recorded as it would be alone. Alone (no queue), an intake is exactly createLead.
import { demand } from '../access/ask.ts';
import { type Actor, type AppDeps, actorLabel, actorPlatform } from '../deps.ts';
import {
  type CreateLeadResult,
  createLead,
  type NewLead,
  type ReadLead,
  readNewLead,
} from './create-lead.ts';
import { type BatchItemResult, createLeads } from './create-leads.ts';

export interface LeadIntake {
  take(actor: Actor, input: NewLead): Promise<CreateLeadResult>;
  // Resolves once every intake taken has been answered.
  drain(): Promise<void>;
}

export interface LeadIntakeOptions {
  // Intake transactions in flight at once; the rest wait and are taken together when one ends. Measured (quiet
  // 2-core machine, 200 connections): 1, 2, 3, 4, 8 gave 535, 520, 528, 460, 459 leads/s, p99 635, 588, 594, 782, 1,137 ms.
  inFlight?: number;
  // Most intakes one transaction takes.
  most?: number;
}

interface Waiting {
  actor: Actor;
  // Intakes are only taken together with the same caller's: each audit row names its own.
  caller: string;
  input: NewLead;
  // As take() read it when it came in.
  read: ReadLead;
  resolve: (result: CreateLeadResult) => void;
  reject: (error: unknown) => void;
}

export function leadIntake(deps: AppDeps, options: LeadIntakeOptions = {}): LeadIntake {
  const inFlight = Math.max(1, options.inFlight ?? 2);
  const most = Math.max(1, options.most ?? 100);
  const waiting: Waiting[] = [];
  let running = 0;
  let idle: (() => void)[] = [];

  const alone = async (w: Waiting) => {
    try {
      w.resolve(await createLead(deps, w.actor, w.input, w.read));
    } catch (error) {
      w.reject(error);
    }
  };

  const together = async (group: readonly Waiting[]) => {
    const [first] = group;
    if (!first) return;
    if (group.length === 1) return alone(first);
    let results: BatchItemResult[];
    try {
      results = await createLeads(
        deps,
        first.actor,
        group.map((w, index) => ({ index, lead: w.input, read: w.read })),
        'intake',
      );
    } catch {
      // The whole transaction rolled back (a deadlock with another intake, say): each goes in alone, so a failure
      // is only ever its own intake's.
      for (const w of group) await alone(w);
      return;
    }
    const answered = new Set<number>();
    for (const r of results) {
      const w = group[r.index];
      if (!w || r.result === 'invalid') continue;
      answered.add(r.index);
      if (r.result === 'created') {
        const { index: _, result: __, ...created } = r;
        w.resolve({ duplicate: false, ...created });
      } else
        w.resolve({ duplicate: true, id: r.id, number: r.number, status: r.status, matchedOn: r.sameBy });
    }
    // An item the import's reading refused although intake's own accepted it gets intake's answer, alone.
    for (const [index, w] of group.entries()) if (!answered.has(index)) await alone(w);
  };

  const pump = () => {
    while (running < inFlight && waiting.length > 0) {
      const caller = waiting[0]?.caller;
      const group: Waiting[] = [];
      for (let i = 0; i < waiting.length && group.length < most; ) {
        const w = waiting[i];
        if (w && w.caller === caller) {
          group.push(w);
          waiting.splice(i, 1);
        } else i++;
      }
      running++;
      void together(group).finally(() => {
        running--;
        pump();
        if (running === 0 && waiting.length === 0) {
          const done = idle;
          idle = [];
          for (const resolve of done) resolve();
        }
      });
    }
  };

  return {
    take(actor, input) {
      // A bad lead, or a caller who may not enter leads, is refused at once and never waits for, or joins, others.
      let read: ReadLead;
      try {
        demand(deps, actor, 'lead.create', {}, 'lead_create_not_allowed');
        read = readNewLead(deps, input);
      } catch (error) {
        return Promise.reject(error);
      }
      return new Promise((resolve, reject) => {
        waiting.push({
          actor,
          caller: `${actorLabel(actor)}|${actorPlatform(actor)}`,
          input,
          read,
          resolve,
          reject,
        });
        pump();
      });
    },
    drain() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idle.push(resolve));
    },
  };
}
