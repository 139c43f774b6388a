// Owns `closeloop apikey create --name <system>`: issue a REST API key and show it exactly once.
import type { Command } from 'commander';
import { createApiKey } from '../app/apikeys/create-api-key.ts';
import { commandGroup, type OpenDeps, runWithDeps } from './command-group.ts';

export function registerApikeyCreate(program: Command, open: OpenDeps): void {
  commandGroup(program, 'apikey', 'Manage REST API keys')
    .command('create')
    .description('Create an API key for a system that calls the REST API (website, ERP, bank feed)')
    .requiredOption('--name <name>', 'who will use the key, e.g. website (letters, digits, . - _)')
    .addHelpText(
      'after',
      `
The key is printed once on standard output; only its hash is stored.
Example:
  closeloop apikey create --name website
  curl -H "Authorization: Bearer <key>" http://localhost:3000/api/leads ...`,
    )
    .action(async (options: { name: string }) => {
      await runWithDeps(open, async (deps) => {
        const { key } = await createApiKey(deps, options.name);
        // The key alone on stdout so scripts can capture it; the advice goes to stderr.
        console.log(key);
        console.error(
          `API key "${options.name.trim()}" created. Store it now: it cannot be shown again (only its hash is kept).\n` +
            'Send it as "Authorization: Bearer <key>" (or the X-Api-Key header).',
        );
      });
    });
}
