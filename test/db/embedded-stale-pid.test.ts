// A postmaster.pid left by a server that did not stop cleanly, whose pid the system has since given to another
// process: start-up says so at once, naming the file and what to do, instead of waiting on a server that is not there.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres } from '../../src/db/embedded.ts';

const dir = mkdtempSync(join(tmpdir(), 'closeloop-stale-pid-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a stale postmaster.pid', () => {
  it('naming a live process that is not PostgreSQL fails start-up with the data dir and the fix', async () => {
    mkdirSync(join(dir, 'pg'), { recursive: true });
    // This test's own pid: certainly alive, certainly not a PostgreSQL server.
    const port = await freePort();
    writeFileSync(
      join(dir, 'pg', 'postmaster.pid'),
      `${process.pid}\n${join(dir, 'pg')}\n1700000000\n${port}\n`,
    );
    const outcome = await startEmbeddedPostgres(dir).then(
      () => 'started',
      (error: Error) => error.message,
    );
    expect(outcome).toContain(join(dir, 'pg', 'postmaster.pid'));
    expect(outcome).toContain(`pid ${process.pid}`);
    expect(outcome).toMatch(/delete/);
  }, 10_000);
});
