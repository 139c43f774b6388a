// Owns reading the CPU time the benches' server spends: this process's own and, on Linux, the embedded PostgreSQL's
// (its postmaster and every backend it started). CPU time per request holds on a busy machine where rates do not.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CpuReading {
  nodeMs: number;
  // Null where /proc or the server's pid file cannot be read.
  postgresMs: number | null;
}

// The embedded server's postmaster pid, from the pid file PostgreSQL keeps in `<dataDir>/pg`.
function postmasterOf(dataDir: string): number | null {
  const file = join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

// utime + stime of the postmaster and its children, in ms (clock ticks of 10 ms, as Linux reports them).
function postgresCpuMs(postmaster: number): number | null {
  if (!existsSync('/proc')) return null;
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // the process ended while we looked
    }
    // Fields after the command name: state is 3rd, ppid 4th, utime 14th, stime 15th (1-based, of the whole line).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(entry) === postmaster || Number(fields[1]) === postmaster)
      ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * 10;
}

export function cpuNow(dataDir: string): CpuReading {
  const usage = process.cpuUsage();
  const postmaster = postmasterOf(dataDir);
  return {
    nodeMs: (usage.user + usage.system) / 1000,
    postgresMs: postmaster === null ? null : postgresCpuMs(postmaster),
  };
}

// CPU ms per unit of work between two readings.
export function cpuPer(before: CpuReading, after: CpuReading, units: number) {
  const per = (a: number | null, b: number | null) =>
    a === null || b === null || units === 0 ? null : (b - a) / units;
  return { node: per(before.nodeMs, after.nodeMs), postgres: per(before.postgresMs, after.postgresMs) };
}
