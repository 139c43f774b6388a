// Owns the `access` part of closeloop.yaml: per role, which actions at which scope, checked against the names in
// src/domain/access so a typo names the key and the fix.
import { z } from 'zod';
import { type Action, actions, isAction } from '../domain/access/actions.ts';
import {
  type AccessPolicy,
  compileAccessPolicy,
  type GrantChange,
  type Scope,
  scopes,
} from '../domain/access/policy.ts';
import { nearestName } from '../domain/nearest-name.ts';
import { rosterRoles } from '../domain/roster/roster-csv.ts';

// The known name nearest to a typo, for "did you mean …" (the one rule, shared with import headers).
export const nearest = (word: string, known: readonly string[]): string | null => nearestName(word, known);

const fix = (kind: string, word: string, known: readonly string[]) => {
  const guess = nearest(word, known);
  return guess
    ? `unknown ${kind} '${word}' – did you mean ${guess}?`
    : `unknown ${kind} '${word}'; use one of ${known.join(', ')}`;
};

const scopeWords = [...scopes, 'none'] as const;

const roleGrants = z.record(z.string(), z.unknown()).transform((raw, ctx) => {
  const out: { extends?: string; grants: GrantChange } = { grants: {} };
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'extends') {
      if (typeof value === 'string' && (rosterRoles as readonly string[]).includes(value))
        out.extends = value;
      else ctx.addIssue({ code: 'custom', path: [key], message: fix('role', String(value), rosterRoles) });
      continue;
    }
    if (!isAction(key)) {
      ctx.addIssue({ code: 'custom', path: [key], message: fix('action', key, actions) });
      continue;
    }
    if (typeof value !== 'string' || !(scopeWords as readonly string[]).includes(value)) {
      ctx.addIssue({ code: 'custom', path: [key], message: fix('scope', String(value), scopeWords) });
      continue;
    }
    out.grants[key as Action] = value as Scope | 'none';
  }
  return out;
});

export const accessSchema = z
  .object({
    // role → { action: own | team | region | org | none }; only the actions named change the built-in defaults.
    roles: z
      .record(z.string(), roleGrants)
      .superRefine((roles, ctx) => {
        for (const role of Object.keys(roles))
          if (!(rosterRoles as readonly string[]).includes(role))
            ctx.addIssue({ code: 'custom', path: [role], message: fix('role', role, rosterRoles) });
      })
      .default({}),
    // Claiming from a channel pool needs the routing rule's region/skill; false lets anyone with lead.claim claim.
    claimNeedsPool: z.boolean().default(true),
  })
  .strict()
  .transform(
    (a): AccessPolicy =>
      compileAccessPolicy(
        new Map(Object.entries(a.roles).filter(([r]) => (rosterRoles as readonly string[]).includes(r))),
        a.claimNeedsPool,
      ),
  );
