// The admin's manifest matches the adapter: every event it handles is enabled, every scope is explained and importable.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LARK_SUBSCRIPTIONS } from '../../../adapters/lark/plugin.ts';

const read = (name: string) => readFileSync(new URL(`../../../manifest/${name}`, import.meta.url), 'utf8');

describe('manifest/lark', () => {
  const json = JSON.parse(read('lark.json')) as { scopes: { tenant: string[]; user: string[] } };
  const guide = read('lark.md');

  it('lark.json has the shape the console batch-imports: tenant scopes only', () => {
    expect(Object.keys(json)).toEqual(['scopes']);
    expect(json.scopes.user).toEqual([]);
    for (const scope of ['im:message:send_as_bot', 'im:message', 'contact:user.id:readonly']) {
      expect(json.scopes.tenant).toContain(scope);
    }
  });

  it('the guide explains every scope and enables every event and callback the adapter handles', () => {
    for (const scope of json.scopes.tenant) expect(guide).toContain(`\`${scope}\``);
    for (const event of LARK_SUBSCRIPTIONS) expect(guide).toContain(`\`${event}\``);
    expect(guide).toContain('/lark/events');
  });
});
