// The permission table through the use cases (issue 12), oversight: reports and targets, the audit log, API keys and
// outbound webhooks. Harness and positions: ./table.ts.
import { describe } from 'vitest';
import { listApiKeys } from '../../../src/app/apikeys/manage-api-keys.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import { loadPeople } from '../../../src/app/reports/load-people.ts';
import { resolveReportScope } from '../../../src/app/reports/resolve-report-scope.ts';
import { setRepTarget } from '../../../src/app/reports/set-rep-target.ts';
import { listWebhookEndpoints } from '../../../src/app/webhooks/manage-webhook-endpoints.ts';
import { expected, expectedAllowed } from '../../helpers/access-expected.ts';
import { orgRows, scopedRows, user, useTable } from './table.ts';

const table = useTable();

describe('oversight: every role × position through the use cases', () => {
  scopedRows(
    table,
    {
      // A report narrowed to one rep: refused when the rep is outside the asker's report.read.
      'report.read': async (a, o) =>
        resolveReportScope(table.deps, await loadPeople(table.database.db), user(a), {
          kind: 'rep',
          ref: o.email,
        }),
      'target.set': (a, o) => setRepTarget(table.deps, user(a), o.email, '120000'),
    },
    {
      // Nobody sets their own target with a team grant: the rep is not below themself (report-visibility.ts).
      'target.set': (role, where) =>
        where === 'own'
          ? expected[role]?.['target.set'] === 'org'
          : expectedAllowed(role, 'target.set', where),
    },
  );

  orgRows(
    table,
    {
      'audit.read': async (a) =>
        runTextCommand(
          table.deps,
          user(a),
          `audit ${(await table.order(table.ownerFor('rep', 'other region'))).number}`,
        ),
      'apikey.manage': (a) => listApiKeys(table.deps, user(a)),
      'webhook.manage': (a) => listWebhookEndpoints(table.deps, user(a)),
    },
    ['audit.read'],
  );
});
