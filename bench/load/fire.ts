// Owns the load client the benches run in a child process of its own (so its work and memory are not the app's):
// `concurrency` connections each POST a new lead (bench/load/people.ts, numbered from `from`) to `url` until
// `seconds` are up, then print one JSON line with the count, statuses, duration and latency percentiles.
import { person } from './people.ts';

export interface FireRequest {
  url: string;
  headers: Record<string, string>;
  concurrency: number;
  seconds: number;
  from: number;
}

export interface FireResult {
  sent: number;
  ms: number;
  statuses: Record<string, number>;
  errors: number;
  p50: number;
  p99: number;
}

const request = JSON.parse(process.argv[2] ?? '{}') as FireRequest;
let next = request.from;
let errors = 0;
const statuses: Record<string, number> = {};
const latencies: number[] = [];
const started = performance.now();
const until = started + request.seconds * 1000;

async function connection() {
  while (performance.now() < until) {
    const body = JSON.stringify({ ...person(next++), source: 'bench' });
    const t0 = performance.now();
    try {
      const res = await fetch(request.url, { method: 'POST', headers: request.headers, body });
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    } catch {
      errors += 1;
    }
    latencies.push(performance.now() - t0);
  }
}

await Promise.all(Array.from({ length: request.concurrency }, connection));
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
const result: FireResult = {
  sent: next - request.from,
  ms: performance.now() - started,
  statuses,
  errors,
  p50: at(0.5),
  p99: at(0.99),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
