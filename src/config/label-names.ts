// Owns checking that closeloop.yaml's labels name things the file (or closeloop) defines: a label for a rule, level,
// channel, plan or price list that does not exist would start silently and never show.
import type { LabelConfig, LabelKind } from '../domain/labels.ts';
import { nearestFirst } from '../domain/nearest-name.ts';
import { isReservedName } from '../domain/own.ts';
import { rosterRoles } from '../domain/roster/roster-csv.ts';
import { oneOf } from './policy-problems.ts';

type Named = { readonly name: string };
type DefinedNames = {
  readonly channels: Readonly<Record<string, unknown>>;
  readonly routing: { readonly rules: readonly Named[] };
  readonly approvals: { readonly levels: readonly Named[] };
  readonly paymentPlans: Readonly<Record<string, readonly { readonly label: string }[]>>;
  readonly orders: { readonly priceLists: Readonly<Record<string, unknown>> };
  readonly labels: LabelConfig;
};

// Regions, industries, sources and tiers are not listed here: they are values in the roster, leads and customers,
// so a label may well name one the file never mentions.
function definedNames(p: DefinedNames): [LabelKind, string, readonly string[]][] {
  return [
    ['rules', 'routing rule (routing.rules)', p.routing.rules.map((r) => r.name)],
    ['levels', 'approval level (approvals.levels)', p.approvals.levels.map((l) => l.name)],
    ['roles', 'role', rosterRoles],
    ['channels', 'channel (channels)', Object.keys(p.channels)],
    ['paymentPlans', 'payment plan (paymentPlans)', Object.keys(p.paymentPlans)],
    [
      'steps',
      'payment plan step (paymentPlans … label)',
      Object.values(p.paymentPlans)
        .flat()
        .map((s) => s.label),
    ],
    ['priceLists', 'price list (orders.priceLists)', Object.keys(p.orders.priceLists)],
  ];
}

export function unknownLabelNames(p: DefinedNames): { path: string[]; message: string }[] {
  return definedNames(p).flatMap(([kind, what, defined]) =>
    Object.keys(p.labels[kind] ?? {})
      // A reserved word is refused as such (src/config/reserved-keys.ts), not twice.
      .filter((name) => !defined.includes(name) && !isReservedName(name))
      .map((name) => ({
        path: ['labels', kind, name],
        message:
          defined.length === 0
            ? `no ${what} is named "${name}", and none is defined; define it or remove this label`
            : `no ${what} is named "${name}"; label one of ${oneOf(nearestFirst(name, [...new Set(defined)]))}`,
      })),
  );
}
