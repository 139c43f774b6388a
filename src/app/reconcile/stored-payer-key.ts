// Owns how a payer key is stored: an account number only as its blind index (never in the clear); names as they are.
import type { Keyring } from '../../crypto/keyring.ts';
import type { PayerKey } from '../../domain/reconcile/candidate-book.ts';

export function storedPayerKey(keyring: Keyring, k: PayerKey): PayerKey {
  return k.kind === 'account' ? { kind: k.kind, key: keyring.blindIndex('account', k.key) } : k;
}
