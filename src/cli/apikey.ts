// Owns `closeloop apikey create|list|revoke`: REST API keys with scopes, the key shown exactly once.
import type { Command } from 'commander';
import { issueApiKey } from '../app/apikeys/create-api-key.ts';
import { listApiKeys, revokeApiKey } from '../app/apikeys/manage-api-keys.ts';
import type { Actor } from '../app/deps.ts';
import { apiScopes } from '../domain/access/actions.ts';
import { commandGroup, type OpenDeps, runWithDeps } from './command-group.ts';

// The command line is the server's operator: it manages keys without a roster user.
const cli: Actor = { kind: 'system', name: 'cli' };
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '-');

export function registerApikey(program: Command, open: OpenDeps): void {
  const group = commandGroup(program, 'apikey', 'Manage REST API keys');
  group
    .command('create')
    .description('Create an API key for a system that calls the REST API (website, ERP, bank feed)')
    .requiredOption('--name <name>', 'who will use the key, e.g. website (letters, digits, . - _)')
    .requiredOption('--scopes <list>', `what the key may do, comma-separated: ${apiScopes.join(', ')}`)
    .option('--expires <duration>', 'the key stops working after this long, e.g. 90d or 12h')
    .addHelpText(
      'after',
      `
The key is printed once on standard output; only a salted hash is stored.
Example:
  closeloop apikey create --name erp --scopes leads:write,orders:read,payments:write --expires 90d
  curl -H "Authorization: Bearer <key>" http://localhost:3000/api/leads ...`,
    )
    .action(async (options: { name: string; scopes: string; expires?: string }) => {
      await runWithDeps(open, async (deps) => {
        const made = await issueApiKey(deps, cli, options);
        // The key alone on stdout so scripts can capture it; the advice goes to stderr.
        console.log(made.key);
        console.error(
          `API key "${made.name}" (${made.prefix}…) created with ${made.scopes.join(', ')}` +
            `${made.expiresAt ? `, expiring ${day(made.expiresAt)} UTC` : ''}. Store it now: it cannot be shown again.\n` +
            'Send it as "Authorization: Bearer <key>" (or the X-Api-Key header).',
        );
      });
    });
  group
    .command('list')
    .description('List API keys: name, prefix, scopes, created, last used, expiry (never the key)')
    .action(async () => {
      await runWithDeps(open, async (deps) => {
        const keys = await listApiKeys(deps, cli);
        if (keys.length === 0) return console.log('No API keys. Create one with: closeloop apikey create');
        console.log(['name', 'prefix', 'scopes', 'created', 'last used', 'expires', 'status'].join('\t'));
        const now = deps.clock.now().getTime();
        for (const k of keys) {
          const status = k.revokedAt
            ? `revoked ${day(k.revokedAt)}`
            : k.expiresAt && k.expiresAt.getTime() <= now
              ? 'expired'
              : 'active';
          console.log(
            [
              k.name,
              k.prefix,
              k.scopes.join(','),
              day(k.createdAt),
              day(k.lastUsedAt),
              day(k.expiresAt),
              status,
            ].join('\t'),
          );
        }
      });
    });
  group
    .command('revoke <nameOrId>')
    .description('Revoke an API key by its name, id or prefix; requests with it get 401 from then on')
    .action(async (ref: string) => {
      await runWithDeps(open, async (deps) => {
        const outcome = await revokeApiKey(deps, cli, ref);
        if (outcome.revoked) return console.log(`Revoked API key "${outcome.name}" (${outcome.prefix}…).`);
        throw new Error(
          outcome.reason === 'ambiguous'
            ? `"${ref}" names ${outcome.ids.length} live keys; revoke one by id: ${outcome.ids.join(', ')}`
            : `no live API key is named "${ref}"; see closeloop apikey list`,
        );
      });
    });
}
