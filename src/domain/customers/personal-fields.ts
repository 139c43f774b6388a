// Owns which of a customer's or contact's fields are personal data, and how the append-only audit log keeps them:
// masked (enough to tell values apart), never in the clear; blind indexes are left out.
import { maskAccount, maskEmail, maskPhone } from '../access/mask.ts';

const maskers: ReadonlyMap<string, (value: string) => string> = new Map([
  ['email', maskEmail],
  ['invoiceEmail', maskEmail],
  ['phone', maskPhone],
  ['taxId', maskAccount],
]);

const blindIndexes = new Set(['taxIdBidx', 'emailBidx', 'phoneBidx']);

// The same record with every personal field masked; fields that are not personal data pass unchanged.
export function maskPersonalFields<T extends object>(record: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (blindIndexes.has(k)) continue;
    const mask = maskers.get(k);
    out[k] = mask && typeof v === 'string' && v !== '' ? mask(v) : v;
  }
  return out;
}
