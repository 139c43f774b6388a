// Owns the secrets of web sign-in: 256-bit random tokens for cookies, links and CSRF, and the hash each is stored as.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function makeToken(): string {
  return randomBytes(32).toString('base64url');
}

// Tables keep only this: someone who reads the table cannot turn a row back into a working cookie or link.
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
