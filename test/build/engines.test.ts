// `npm ci` on the oldest Node README promises installs every package without an engine warning.
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

describe('the Node versions package.json promises', () => {
  const oldest = semver.minVersion(pkg.engines.node);

  it('names a lowest version (README says "Node.js 20.19 or newer")', () => {
    expect(oldest?.version).toBe('20.19.0');
  });

  it('every locked package supports it, so `npm ci` prints no EBADENGINE warning', () => {
    const refusing = Object.entries(lock.packages).flatMap(([path, p]) => {
      const range = !p.engines || Array.isArray(p.engines) ? undefined : p.engines.node;
      if (!path || !range || !oldest || semver.satisfies(oldest, range)) return [];
      return [`${path.replace(/^.*node_modules\//, '')}@${p.version} wants node ${range}`];
    });
    expect(refusing).toEqual([]);
  });
});
