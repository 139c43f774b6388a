import { describe, expect, it } from 'vitest';
import { type AccessActor, type Action, can } from '../../../src/domain/access/can.ts';

const user = (roles: string[], id = 'u1'): AccessActor => ({ kind: 'user', id, roles });

describe('can(actor, action, resource)', () => {
  it.each<[string, AccessActor, Action, readonly string[] | undefined, boolean]>([
    ['admin reads the audit log', user(['admin']), 'audit.read', undefined, true],
    ['finance reads the audit log', user(['finance']), 'audit.read', undefined, true],
    ['cfo reads the audit log', user(['cfo']), 'audit.read', undefined, true],
    ['a rep does not', user(['rep']), 'audit.read', undefined, false],
    ['a manager does not', user(['manager']), 'audit.read', undefined, false],
    ['a role named __proto__ does not', user(['__proto__', 'constructor']), 'audit.read', undefined, false],
    ['an API key does', { kind: 'api' }, 'audit.read', undefined, true],
    ['finance sees every team', user(['finance']), 'report.read_org', undefined, true],
    ['a director sees only the tree', user(['director']), 'report.read_org', undefined, false],
    ['a job sees every team', { kind: 'system' }, 'report.read_org', undefined, true],
    ['a manager above the rep sets the target', user(['manager'], 'm1'), 'target.set', ['m1', 'd1'], true],
    ['a director two levels up sets it', user(['director'], 'd1'), 'target.set', ['m1', 'd1'], true],
    ['another team’s manager does not', user(['manager'], 'm2'), 'target.set', ['m1', 'd1'], false],
    ['an admin does', user(['admin'], 'a1'), 'target.set', ['m1'], true],
    ['an API key does not', { kind: 'api' }, 'target.set', ['m1'], false],
  ])('%s', (_name, actor, action, managers, allowed) => {
    expect(can(actor, action, managers ? { managers } : {})).toBe(allowed);
  });
});
