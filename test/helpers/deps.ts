// Builds AppDeps for a test from a real database and the repository's closeloop.yaml.
import { fileURLToPath } from 'node:url';
import type { AppDeps, Clock, Platform } from '../../src/app/deps.ts';
import { loadPolicy } from '../../src/config/load-policy.ts';
import type { Policy } from '../../src/config/policy.ts';
import { createKeyring, type Keyring } from '../../src/crypto/keyring.ts';
import type { Database } from '../../src/db/client.ts';
import { testClock } from './clock.ts';

// Fixed keys, so a test can open what another test file's run sealed; never used outside tests.
export function testKeyring(kids: readonly string[] = ['test1']): Keyring {
  return createKeyring(
    kids.map((kid) => ({ kid, key: Buffer.alloc(32, kid) })),
    Buffer.alloc(32, 'test-index'),
  );
}

export const examplePolicyFile = fileURLToPath(new URL('../../closeloop.yaml', import.meta.url));

export function examplePolicy(): Policy {
  return loadPolicy(examplePolicyFile);
}

export function testDeps(
  database: Database,
  options: { policy?: Policy; clock?: Clock; platforms?: Platform[]; keyring?: Keyring } = {},
): AppDeps {
  return {
    db: database.db,
    policy: options.policy ?? examplePolicy(),
    clock: options.clock ?? testClock(),
    platforms: options.platforms ?? ['console'],
    keyring: options.keyring ?? testKeyring(),
  };
}
