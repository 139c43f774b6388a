// `npm run build` output is what `npm start` runs: it must start on its own, migrate an empty database from the SQL
// copied beside it and serve the console page from there, with no TypeScript loader.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Inside the checkout (.tmp/ is ignored), so the bundle finds node_modules the way dist/ does.
mkdirSync(join(root, '.tmp'), { recursive: true });
const outDir = mkdtempSync(join(root, '.tmp', 'dist-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the compiled CLI', () => {
  it('starts from dist/ alone: migrates an empty database, answers /health and serves the console', async () => {
    const built = spawnSync(process.execPath, ['scripts/build.mjs', outDir], { cwd: root, encoding: 'utf8' });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);

    const adminUrl = inject('pgAdminUrl');
    const name = `t_dist_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const databaseUrl = adminUrl.replace(/\/postgres$/, `/${name}`);

    const child = spawn(process.execPath, [join(outDir, 'cli.js'), 'start'], {
      cwd: root,
      // No tsx anywhere: the bundle must not need a loader, and a random port keeps parallel runs apart.
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    try {
      const base = await new Promise<string>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
        setTimeout(() => reject(new Error(`no "running at" line within 90 s: ${out}`)), 90_000);
        const poll = setInterval(() => {
          const found = /running at (http:\/\/\S+)/.exec(out);
          if (found?.[1]) {
            clearInterval(poll);
            resolve(found[1].replace('localhost', '127.0.0.1'));
          }
        }, 50);
      });
      expect((await fetch(`${base}/health`)).status).toBe(200);
      const page = await fetch(`${base}/console`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      const db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
      const tables = await db.query(
        `select count(*)::int n from information_schema.tables where table_name = 'leads'`,
      );
      await db.end();
      expect(tables.rows[0].n).toBe(1);
    } finally {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    }
  }, 120_000);
});
