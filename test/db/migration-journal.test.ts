// The migration journal as the migrator reads it: it runs only entries whose `when` is later than the last one a
// database recorded, so the order of `when` must be the order of the files, and every entry must name its file.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(process.cwd(), 'src/db/migrations');
const journal = JSON.parse(readFileSync(join(dir, 'meta/_journal.json'), 'utf8')) as {
  entries: { idx: number; when: number; tag: string }[];
};

describe('the migration journal', () => {
  it('lists every migration file once, numbered as its file, in strictly rising time', () => {
    const tags = journal.entries.map((e) => e.tag);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => f.replace(/\.sql$/, ''))
      .sort();
    expect(tags).toEqual(files);
    for (const [i, e] of journal.entries.entries()) {
      expect(e.tag.startsWith(String(e.idx).padStart(4, '0'))).toBe(true);
      expect(existsSync(join(dir, `${e.tag}.sql`))).toBe(true);
      const before = journal.entries[i - 1];
      if (before) expect(e.when, `${e.tag} after ${before.tag}`).toBeGreaterThan(before.when);
    }
  });
});
