// A Lark request encrypted and signed with another Encrypt Key is refused as forged (401), every time: such a body
// decrypts to noise under our key about 1 time in 256 (the padding check passes), and that must not pass for a
// merely malformed request (400) — the signature over the raw bytes is judged first.
import { describe, expect, it } from 'vitest';
import { decrypt } from '../../../adapters/lark/crypto.ts';
import { openRequest } from '../../../adapters/lark/plugin.ts';
import { larkEncrypt, larkRequest } from '../../helpers/lark-inbound.ts';

const ours = 'our-encrypt-key';
const theirs = 'someone-elses-key';
const payload = { schema: '2.0', header: { event_type: 'card.action.trigger', token: 't' }, event: {} };

// An {"encrypt": …} body made with their key that our key happens to decrypt (to noise).
function noiseUnderOurKey(): string {
  for (let tries = 0; tries < 100_000; tries++) {
    const encrypted = larkEncrypt(theirs, payload);
    if (decrypt(encrypted, ours) !== null) return encrypted;
  }
  throw new Error('no body found that decrypts under our key');
}

describe('a request encrypted and signed with another Encrypt Key', () => {
  it('is refused as forged even when it decrypts to noise under ours', () => {
    const body = { encrypt: noiseUnderOurKey() };
    // Signed the way Lark signs, but with their key.
    const forged = larkRequest(body, { encryptKey: theirs });
    const opened = openRequest({ encryptKey: ours }, forged.headers, Buffer.from(forged.payload));
    expect(opened).toMatchObject({ kind: 'rejected', status: 401 });
  });

  it('and the same request signed with our key is opened (the check refuses only the forgery)', () => {
    const genuine = larkRequest(payload, { encryptKey: ours, encrypt: true });
    const opened = openRequest({ encryptKey: ours }, genuine.headers, Buffer.from(genuine.payload));
    expect(opened.kind).not.toBe('rejected');
  });
});
