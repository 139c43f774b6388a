// A broken closeloop.yaml or environment stops `closeloop start` with exit code 1 and a message naming the problem.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function start(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-cli-'));
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', CLOSELOOP_DATA_DIR: dataDir, PORT: '0', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { ...result, dataDir };
}

describe('closeloop start refuses a broken configuration', () => {
  it('names the file, line, path and fix of a closeloop.yaml mistake, exits 1, and touches no database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'closeloop-yaml-'));
    const file = join(dir, 'closeloop.yaml');
    writeFileSync(
      file,
      `org: { timezone: Asia/Shanghai }
channels: { finance: { slack: C1 } }
routing:
  rules:
    - { name: Pool, assign: { strategy: claim, channel: leads } }
approvals: { levels: [{ name: manager, approvers: requester.manager }] }
dunning: [{ at: 3 days, notify: [rep] }]
`,
    );
    const run = start({ CLOSELOOP_CONFIG: file });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `${file}:5 at routing.rules["Pool"].assign.channel: channel "leads" is not defined under channels`,
    );
    expect(run.stderr).toContain(
      `${file}:7 at dunning[1].at (the 1st dunning step): write a duration such as 30m, 4h or 3d`,
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(run.dataDir)).toEqual([]);
  });

  it('names a malformed environment variable', () => {
    const run = start({ PORT: 'eighty', SLACK_BOT_TOKEN: 'not-a-token' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT:');
    expect(run.stderr).toContain('SLACK_BOT_TOKEN: a bot token starts with xoxb-');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
