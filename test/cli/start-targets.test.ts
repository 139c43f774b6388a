// A mistake under `targets:` in closeloop.yaml stops `closeloop start` (exit 1, no database touched) with the key at
// fault named: an unknown role, a team not named by its manager's email, an unknown period.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('closeloop start refuses bad targets', () => {
  it('names each bad key under targets with its line and fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'closeloop-targets-'));
    const file = join(dir, 'closeloop.yaml');
    writeFileSync(
      file,
      `org: { timezone: Asia/Shanghai, currency: CNY }
channels: { finance: { slack: C1 }, leads: { slack: C2 } }
routing:
  rules:
    - { name: Pool, assign: { strategy: claim, channel: leads } }
approvals: { levels: [{ name: manager, approvers: requester.manager }] }
dunning: [{ at: 3d, notify: [rep] }]
targets:
  monthly:
    byRole: { salesman: 1000 }
    byTeam: { zhao: 1000 }
  weekly: { byRole: { rep: 5 } }
`,
    );
    const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-cli-'));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', CLOSELOOP_DATA_DIR: dataDir, PORT: '0', CLOSELOOP_CONFIG: file },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    // The roles a target may be set for, nearest to the typo first.
    expect(run.stderr).toContain(
      `${file}:10 at targets.monthly.byRole.salesman: "salesman" is not a key here; use legal, admin, rep, manager, director, finance or cfo`,
    );
    expect(run.stderr).toContain(
      `${file}:11 at targets.monthly.byTeam.zhao: name the team by its manager's email`,
    );
    expect(run.stderr).toContain(`${file}:12 at targets.weekly: "weekly" is not a key here; use monthly`);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
