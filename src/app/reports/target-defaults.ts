// Owns reading closeloop.yaml targets.monthly into org-currency minor units, keyed for lookup without object indexing.
import type { Policy } from '../../config/policy.ts';
import { parseAmount } from '../../domain/money.ts';
import type { TargetDefaults } from '../../domain/reports/targets.ts';

export function targetDefaults(policy: Policy): TargetDefaults {
  const minor = (major: number) => parseAmount(String(major), policy.org.currency) ?? 0;
  return {
    byRole: new Map(Object.entries(policy.targets.monthly.byRole).map(([role, v]) => [role, minor(v ?? 0)])),
    byTeam: new Map(
      Object.entries(policy.targets.monthly.byTeam).map(([email, v]) => [email.toLowerCase(), minor(v)]),
    ),
  };
}
