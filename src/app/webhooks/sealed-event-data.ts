// Owns keeping an event's personal data sealed while it waits in the outbox: the record's e-mail, phone, invoice
// e-mail and tax ID are sealed when the event is queued and opened only when the delivery is signed and sent.
import type { Keyring } from '../../crypto/keyring.ts';

const personal = ['email', 'phone', 'invoiceEmail', 'taxId'] as const;

function mapPersonal(data: Record<string, unknown>, f: (v: string) => string): Record<string, unknown> {
  const out = { ...data };
  for (const k of personal) {
    const v = data[k];
    if (typeof v === 'string') out[k] = f(v);
  }
  return out;
}

export const sealEventData = (ring: Keyring, data: Record<string, unknown>) =>
  mapPersonal(data, (v) => ring.encrypt(v));

// A value queued before sealing (plain text) passes unchanged.
export const openEventData = (ring: Keyring, data: Record<string, unknown>) =>
  mapPersonal(data, (v) => ring.decrypt(v));
