// Owns starting the load client (bench/load/fire.ts) in its own process and reading its result.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FireRequest, FireResult } from './fire.ts';

const script = fileURLToPath(new URL('./fire.ts', import.meta.url));

export function fire(request: FireRequest): Promise<FireResult> {
  // Load stays on this machine and ends by itself: only loopback URLs, and the client stops after `seconds`.
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(request.url))
    throw new Error(`load only goes to 127.0.0.1: ${request.url}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(request)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), (request.seconds + 120) * 1000);
    child.once('exit', (code) => {
      clearTimeout(killer);
      if (code !== 0) reject(new Error(`load client exited ${code}`));
      else resolve(JSON.parse(out) as FireResult);
    });
  });
}
