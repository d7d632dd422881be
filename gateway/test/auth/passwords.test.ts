/** scrypt hashing of passwords and client secrets: round trip, refusals, the stored format. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PARAMS,
  dummyVerify,
  hashSecret,
  parseHash,
  verifySecret,
} from '../../src/auth/passwords.ts';
import { FAST } from './fixtures.ts';

describe('passwords', () => {
  it('verifies the password it hashed, with the default (production) cost', async () => {
    const h = await hashSecret('Hạ Long 2026!');
    expect(h).toMatch(/^\$scrypt\$ln=15,r=8,p=3\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(parseHash(h)?.params).toEqual(DEFAULT_PARAMS);
    expect(await verifySecret('Hạ Long 2026!', h)).toBe(true);
  });

  it('refuses a wrong password, a truncated one and an empty one', async () => {
    const h = await hashSecret('correct horse', FAST);
    expect(await verifySecret('correct hors', h)).toBe(false);
    expect(await verifySecret('Correct horse', h)).toBe(false);
    expect(await verifySecret('', h)).toBe(false);
  });

  it('salts each hash: the same password hashes differently', async () => {
    const [a, b] = await Promise.all([hashSecret('same', FAST), hashSecret('same', FAST)]);
    expect(a).not.toBe(b);
    expect(await verifySecret('same', a)).toBe(true);
    expect(await verifySecret('same', b)).toBe(true);
  });

  it('takes Vietnamese in NFC and NFD as one password', async () => {
    const nfc = 'Nguyễn'.normalize('NFC');
    const h = await hashSecret(nfc, FAST);
    expect(await verifySecret(nfc.normalize('NFD'), h)).toBe(true);
  });

  it('reads the cost from the hash, so that raising the default keeps old hashes valid', async () => {
    const old = await hashSecret('pw', { ln: 11, r: 8, p: 1 });
    expect(parseHash(old)?.params).toEqual({ ln: 11, r: 8, p: 1 });
    expect(await verifySecret('pw', old)).toBe(true);
  });

  it('refuses malformed hashes and absurd parameters without throwing', async () => {
    const good = await hashSecret('pw', FAST);
    for (const bad of [
      '',
      'plain-text-password',
      good.replace('$scrypt$', '$argon2id$'),
      good.replace('ln=10', 'ln=30'),
      good.replace('p=1', 'p=99'),
      good.split('$').slice(0, 4).join('$'),
    ]) {
      expect(parseHash(bad)).toBeUndefined();
      expect(await verifySecret('pw', bad)).toBe(false);
    }
  });

  it('a tampered stored hash no longer verifies', async () => {
    const h = await hashSecret('pw', FAST);
    const i = h.length - 10;
    const flipped = h[i] === 'A' ? 'Q' : 'A';
    expect(await verifySecret('pw', `${h.slice(0, i)}${flipped}${h.slice(i + 1)}`)).toBe(false);
  });

  it('the dummy verification always refuses', async () => {
    expect(await dummyVerify('anything')).toBe(false);
  });
});
