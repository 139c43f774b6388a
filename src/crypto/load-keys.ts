// Owns where the data keys come from: CLOSELOOP_DATA_KEYS / CLOSELOOP_DATA_KEY, else a key file in the data directory.
import { hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createKeyring, type DataKey, KeyError, type Keyring } from './keyring.ts';

export interface KeySource {
  CLOSELOOP_DATA_KEY?: string | undefined;
  CLOSELOOP_DATA_KEYS?: string | undefined;
  CLOSELOOP_INDEX_KEY?: string | undefined;
  CLOSELOOP_DATA_DIR: string;
}

export interface LoadedKeys {
  keyring: Keyring;
  // The key file when the keys live in the data directory (null: from the environment).
  file: string | null;
  // True when this call made the key file: start-up tells the person to back it up.
  created: boolean;
}

export const keyFileOf = (dataDir: string) => join(resolve(dataDir), 'data-keys');

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32)
    throw new KeyError(
      `${where} must be 32 random bytes in base64 (make one with: openssl rand -base64 32); got ${key.length} bytes`,
    );
  return key;
}

// "kid:base64,kid:base64" (newest first) — the form of CLOSELOOP_DATA_KEYS and of the key file's lines.
export function parseKeyList(text: string, where: string): { keys: DataKey[]; index: Buffer | null } {
  const keys: DataKey[] = [];
  let index: Buffer | null = null;
  // Comment lines (which may hold commas) go first; then each line may list several comma-separated keys.
  const entries = text
    .split('\n')
    .filter((l) => !l.trim().startsWith('#'))
    .flatMap((l) => l.split(','));
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry || entry.startsWith('#')) continue;
    const colon = entry.indexOf(':');
    if (colon <= 0)
      throw new KeyError(`${where}: write each key as <key id>:<base64>, e.g. k2:$(openssl rand -base64 32)`);
    const kid = entry.slice(0, colon);
    const key = decodeKey(entry.slice(colon + 1), `${where} key "${kid}"`);
    if (kid === 'index') index = key;
    else keys.push({ kid, key });
  }
  if (keys.length === 0) throw new KeyError(`${where} names no data key`);
  return { keys, index };
}

// The blind-index key, unless given: derived from the OLDEST data key (listed last), so adding a new key for
// rotation leaves every stored blind index valid.
function indexKeyOf(keys: readonly DataKey[], given: Buffer | null): Buffer {
  if (given) return given;
  const oldest = keys[keys.length - 1];
  if (!oldest) throw new KeyError('no data key');
  return Buffer.from(hkdfSync('sha256', oldest.key, Buffer.alloc(0), 'closeloop blind index v1', 32));
}

const newKeyLine = (kid: string) => `${kid}:${randomBytes(32).toString('base64')}`;

const fileHeader = [
  '# closeloop data keys: newest first; "index" is the blind-index key. Back this file up apart from the database:',
  '# without it the encrypted phones, e-mails, tax IDs and payer accounts cannot be read. Keep it 0600.',
];

export function loadKeys(source: KeySource, options: { mayCreate: boolean }): LoadedKeys {
  const givenIndex = source.CLOSELOOP_INDEX_KEY
    ? decodeKey(source.CLOSELOOP_INDEX_KEY, 'CLOSELOOP_INDEX_KEY')
    : null;
  if (source.CLOSELOOP_DATA_KEYS) {
    const { keys } = parseKeyList(source.CLOSELOOP_DATA_KEYS, 'CLOSELOOP_DATA_KEYS');
    return { keyring: createKeyring(keys, indexKeyOf(keys, givenIndex)), file: null, created: false };
  }
  if (source.CLOSELOOP_DATA_KEY) {
    const keys = [{ kid: 'k1', key: decodeKey(source.CLOSELOOP_DATA_KEY, 'CLOSELOOP_DATA_KEY') }];
    return { keyring: createKeyring(keys, indexKeyOf(keys, givenIndex)), file: null, created: false };
  }
  const file = keyFileOf(source.CLOSELOOP_DATA_DIR);
  let text: string | null = null;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  let created = false;
  if (text === null) {
    if (!options.mayCreate)
      throw new KeyError(
        `no data key: set CLOSELOOP_DATA_KEYS (or CLOSELOOP_DATA_KEY), or restore the key file ${file} from your backup`,
      );
    const made = [...fileHeader, newKeyLine('k1'), newKeyLine('index'), ''].join('\n');
    mkdirSync(resolve(source.CLOSELOOP_DATA_DIR), { recursive: true, mode: 0o700 });
    try {
      // wx: two processes starting at once keep the first one's key.
      writeFileSync(file, made, { mode: 0o600, flag: 'wx' });
      created = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    text = readFileSync(file, 'utf8');
  }
  const { keys, index } = parseKeyList(text, file);
  return { keyring: createKeyring(keys, indexKeyOf(keys, givenIndex ?? index)), file, created };
}

// Puts a new key first in the key file (it becomes the current key); the old ones stay to read older values.
export function addKeyToFile(file: string, kid: string): void {
  const text = readFileSync(file, 'utf8');
  const { keys } = parseKeyList(text, file);
  if (keys.some((k) => k.kid === kid)) throw new KeyError(`${file} already has a key "${kid}"`);
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.trim() && !l.startsWith('#'));
  lines.splice(at < 0 ? lines.length : at, 0, newKeyLine(kid));
  writeFileSync(file, lines.join('\n'), { mode: 0o600 });
}

export function newKeyText(kid: string): string {
  return newKeyLine(kid);
}
