// The keyring's envelopes as someone holding the stored rows sees them: the same value sealed again never repeats its
// IV or its ciphertext (AES-GCM's one rule), across the pool the IVs are drawn from, and every envelope opens.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyring } from '../../src/crypto/keyring.ts';

describe('keyring envelopes', () => {
  it('sealing one value 2,000 times gives 2,000 different IVs and envelopes, each opening to the value', () => {
    const ring = createKeyring([{ kid: 'k1', key: randomBytes(32) }], randomBytes(32));
    const sealed = Array.from({ length: 2000 }, () => ring.encrypt('13900000001'));
    const ivs = sealed.map((s) => s.split(':')[2]);
    expect(new Set(ivs).size).toBe(2000);
    expect(new Set(sealed).size).toBe(2000);
    for (const s of sealed) expect(ring.decrypt(s)).toBe('13900000001');
  });

  it('two keyrings with the same key draw different IVs', () => {
    const key = randomBytes(32);
    const index = randomBytes(32);
    const a = createKeyring([{ kid: 'k1', key }], index);
    const b = createKeyring([{ kid: 'k1', key }], index);
    const ivs = (ring: typeof a) => Array.from({ length: 50 }, () => ring.encrypt('x').split(':')[2]);
    const both = [...ivs(a), ...ivs(b)];
    expect(new Set(both).size).toBe(100);
  });
});
