import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PolicyError, parsePolicy } from '../../../src/config/load-policy.ts';
import { actions } from '../../../src/domain/access/actions.ts';
import {
  type AccessActor,
  can,
  decide,
  type Resource,
  type Subject,
} from '../../../src/domain/access/can.ts';
import { maskEmail, maskLeadContact, maskPhone } from '../../../src/domain/access/mask.ts';
import { defaultAccessPolicy } from '../../../src/domain/access/policy.ts';
import { expected, reaches, type Where } from '../../helpers/access-expected.ts';
import { examplePolicyFile } from '../../helpers/deps.ts';

// The org: Mia manages Rob (east) and Ann's manager Max (west) reports to Dora the director.
const person = (id: string, roles: string[], region: string | null, skills: string[] = []): Subject => ({
  id,
  roles,
  region,
  skills,
});
const rob = person('rob', ['rep'], 'east');
const user = (s: Subject): AccessActor => ({ kind: 'user', user: s });

const resourceFor = (me: Subject, where: Where): Resource => {
  if (where === 'own') return { ownerId: me.id, ownerManagers: ['boss'], region: me.region };
  if (where === 'same team')
    return { ownerId: 'teammate', ownerManagers: [me.id, 'boss'], region: me.region };
  if (where === 'other team') return { ownerId: 'stranger', ownerManagers: ['someone'], region: me.region };
  return { ownerId: 'far', ownerManagers: ['someone-else'], region: me.region === 'west' ? 'east' : 'west' };
};
describe('can(): every action × role × scope under the default policy', () => {
  const wheres: Where[] = ['own', 'same team', 'other team', 'other region'];
  for (const [role, grants] of Object.entries(expected)) {
    const me = person(`${role}-1`, [role], 'east');
    for (const action of actions) {
      if (action === 'lead.claim') continue; // pooled leads have no owner; see the pool tests below
      for (const where of wheres) {
        const scope = grants[action];
        const allowed = scope !== undefined && reaches[scope].includes(where);
        it(`${role} ${allowed ? 'may' : 'may not'} ${action} (${where})`, () => {
          expect(can(defaultAccessPolicy, user(me), action, resourceFor(me, where))).toBe(allowed);
        });
      }
    }
  }
});

describe('claiming from a channel pool', () => {
  const eastPool: Resource = { ownerId: null, region: 'east', pool: { regions: ['east'] } };
  it('a rep of the pool region may claim; a west rep, legal and an admin without the region may not', () => {
    expect(can(defaultAccessPolicy, user(rob), 'lead.claim', eastPool)).toBe(true);
    expect(decide(defaultAccessPolicy, user(person('w', ['rep'], 'west')), 'lead.claim', eastPool)).toEqual({
      allowed: false,
      why: 'not_in_pool',
    });
    expect(decide(defaultAccessPolicy, user(person('l', ['legal'], 'east')), 'lead.claim', eastPool)).toEqual(
      {
        allowed: false,
        why: 'no_permission',
      },
    );
    expect(can(defaultAccessPolicy, user(person('a', ['admin'], null)), 'lead.claim', eastPool)).toBe(false);
  });
  it('a skill pool needs the skill; a pool naming nothing takes every grantee', () => {
    const skilled = { ownerId: null, pool: { skill: 'enterprise' } };
    expect(can(defaultAccessPolicy, user(rob), 'lead.claim', skilled)).toBe(false);
    expect(
      can(defaultAccessPolicy, user(person('s', ['rep'], 'west', ['Enterprise'])), 'lead.claim', skilled),
    ).toBe(true);
    expect(can(defaultAccessPolicy, user(person('w', ['rep'], 'west')), 'lead.claim', { pool: {} })).toBe(
      true,
    );
  });
  it('access.claimNeedsPool: false lets any grantee claim', () => {
    const policy = withAccess('access:\n  claimNeedsPool: false\n').access;
    expect(can(policy, user(person('w', ['rep'], 'west')), 'lead.claim', eastPool)).toBe(true);
  });
});

describe('API keys and jobs', () => {
  it('a key needs the scope of the action; a chat-only action is refused to every key', () => {
    const key: AccessActor = { kind: 'api', scopes: ['leads:write', 'orders:read'] };
    expect(can(defaultAccessPolicy, key, 'lead.create')).toBe(true);
    expect(decide(defaultAccessPolicy, key, 'payment.record')).toEqual({
      allowed: false,
      why: 'missing_api_scope',
      scope: 'payments:write',
    });
    expect(can(defaultAccessPolicy, { kind: 'api' }, 'lead.claim')).toBe(false);
    expect(can(defaultAccessPolicy, { kind: 'system' }, 'recon.decide')).toBe(true);
  });
});

const base = readFileSync(examplePolicyFile, 'utf8');
function withAccess(extra: string) {
  return parsePolicy(`${base}\n${extra}`, 'closeloop.yaml');
}

describe('closeloop.yaml access', () => {
  function problems(extra: string): string[] {
    try {
      withAccess(extra);
    } catch (e) {
      if (e instanceof PolicyError) return e.problems;
      throw e;
    }
    return [];
  }
  it('a typo names the key and the fix, and nothing starts', () => {
    expect(problems('access:\n  roles:\n    rep: { lead.clam: org }\n')).toEqual([
      expect.stringContaining(
        "at access.roles.rep.lead.clam: unknown action 'lead.clam' – did you mean lead.claim?",
      ),
    ]);
    expect(problems('access:\n  roles:\n    finanse: { order.read: org }\n')).toEqual([
      expect.stringContaining("unknown role 'finanse' – did you mean finance?"),
    ]);
    expect(problems('access:\n  roles:\n    rep: { lead.read: teem }\n')).toEqual([
      expect.stringContaining("unknown scope 'teem' – did you mean team?"),
    ]);
  });
  it('a role changes only the actions it names; none takes a default away', () => {
    const policy = withAccess(
      'access:\n  roles:\n    rep: { lead.read: region, lead.import: none }\n',
    ).access;
    const me = person('r', ['rep'], 'east');
    expect(can(policy, user(me), 'lead.read', resourceFor(me, 'other team'))).toBe(true);
    expect(can(policy, user(me), 'lead.import')).toBe(false);
    expect(can(policy, user(me), 'order.edit', resourceFor(me, 'own'))).toBe(true);
  });
});

describe('masking', () => {
  it('phones keep the first three and last four digits, emails the first letter and the domain', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('+8613800138000')).toBe('+86 138****8000');
    expect(maskEmail('zhang@hzp.cn')).toBe('z***@hzp.cn');
  });
  it("the owner and the owner's managers see the lead's contact in full; another rep sees it masked", () => {
    const lead = { ownerId: 'rob', ownerManagers: ['mia'], region: 'east' };
    const contact = { phone: '13800138000', email: 'zhang@hzp.cn' };
    expect(maskLeadContact(defaultAccessPolicy, user(rob), lead, contact)).toEqual(contact);
    expect(
      maskLeadContact(defaultAccessPolicy, user(person('mia', ['manager'], 'east')), lead, contact),
    ).toEqual(contact);
    expect(maskLeadContact(defaultAccessPolicy, user(person('eve', ['rep'], 'east')), lead, contact)).toEqual(
      {
        phone: '138****8000',
        email: 'z***@hzp.cn',
      },
    );
  });
});
