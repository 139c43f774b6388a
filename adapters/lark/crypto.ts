// Owns Lark's request security: the X-Lark-Signature check over the raw body, and decrypting {"encrypt": …} bodies.
import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

export interface SignatureHeaders {
  timestamp?: string | undefined;
  nonce?: string | undefined;
  signature?: string | undefined;
}

// hex SHA-256(timestamp + nonce + encrypt key + body), over the bytes as received: re-serialised JSON would not match.
export function signatureValid(headers: SignatureHeaders, rawBody: Buffer, encryptKey: string): boolean {
  const { timestamp, nonce, signature } = headers;
  if (!timestamp || !nonce || !signature || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const expected = createHash('sha256')
    .update(timestamp + nonce + encryptKey)
    .update(rawBody)
    .digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

// A captured request replayed later is refused: its signed timestamp must be within this of our clock, either way.
export const requestWindowSeconds = 5 * 60;

// Whole seconds since the epoch, as Lark sends them, and no further from now than the window; anything else is stale or forged.
export function timestampFresh(timestamp: string | undefined, nowMs: number): boolean {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(nowMs / 1000 - Number(timestamp)) <= requestWindowSeconds;
}

// AES-256-CBC, key = SHA-256(Encrypt Key), IV = the first 16 bytes of the base64-decoded data; null when it does not decrypt.
export function decrypt(encrypted: string, encryptKey: string): string | null {
  try {
    const data = Buffer.from(encrypted, 'base64');
    if (data.length < 32 || data.length % 16 !== 0) return null;
    const key = createHash('sha256').update(encryptKey).digest();
    const decipher = createDecipheriv('aes-256-cbc', key, data.subarray(0, 16));
    return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
