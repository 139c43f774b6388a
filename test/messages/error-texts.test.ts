// Every error code the code throws by name has a text in both languages: a person is never shown a bare code such as
// "order_override_reason (reason)". The codes are read from the sources, so a code added later is held to it too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invalid } from '../../src/domain/errors.ts';
import { errorText } from '../../src/messages/catalogue/errors.ts';

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const thrown = [
  ...new Set(
    [...sourcesUnder('src'), ...sourcesUnder('adapters')].flatMap((file) =>
      [
        // invalid('code', …) and the like, and demand(deps, actor, action, resource, 'code', …) of the access slice.
        ...readFileSync(file, 'utf8').matchAll(
          /\b(?:invalid|notFound|forbidden|conflict)\('([a-z0-9_]+)'|\bdemand\([^;]*?,\s*'([a-z0-9_]+)'/g,
        ),
      ].map((m) => (m[1] ?? m[2]) as string),
    ),
  ),
].sort();

describe('error texts', () => {
  it('finds the codes it checks', () => {
    expect(thrown.length).toBeGreaterThan(100);
    expect(thrown).toContain('order_override_reason');
    expect(thrown).toContain('order_override_not_allowed');
  });

  it.each(['en', 'zh-CN'] as const)('every thrown code reads as words in %s, not as the code', (locale) => {
    const bare = thrown.filter((code) => errorText(invalid(code, 'field'), locale).startsWith(code));
    expect(bare).toEqual([]);
  });
});
