/**
 * Passwords and client secrets, hashed with scrypt from node:crypto (no native add-on to build, nothing
 * to download in an air-gapped data centre). The hash is a PHC string, `$scrypt$ln=15,r=8,p=3$salt$hash`
 * (unpadded base64): the parameters travel with it, so they can be raised later and old hashes still
 * verify. Comparison is constant-time; an unknown login is checked against a dummy hash so that it costs
 * what a wrong password costs.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** log2 of scrypt's N (CPU and memory cost). */
  ln: number;
  r: number;
  p: number;
}

/**
 * OWASP's scrypt alternatives to N=2^17, r=8, p=1 include N=2^15, r=8, p=3: 32 MiB per hash instead of
 * 128 MiB, so that a burst of logins does not exhaust the gateway's memory.
 */
export const DEFAULT_PARAMS: Readonly<ScryptParams> = { ln: 15, r: 8, p: 3 };

/** A stored hash with absurd parameters must not become a denial of service. */
const LIMITS = { ln: [10, 20], r: [1, 32], p: [1, 16] } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

function scrypt(secret: string, salt: Uint8Array, keyLen: number, o: ScryptParams): Promise<Buffer> {
  const N = 2 ** o.ln;
  return new Promise((resolve, reject) => {
    scryptCb(
      secret.normalize('NFC'),
      salt,
      keyLen,
      { N, r: o.r, p: o.p, maxmem: 256 * N * o.r + 1 },
      (e, key) => (e ? reject(e) : resolve(key)),
    );
  });
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64').replace(/=+$/, '');

export async function hashSecret(secret: string, params: ScryptParams = DEFAULT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(secret, salt, KEY_BYTES, params);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

interface Parsed {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** The parts of a stored hash, or undefined when it is not one this module would have written. */
export function parseHash(stored: string): Parsed | undefined {
  const m = PHC.exec(stored);
  if (!m) return undefined;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  for (const k of ['ln', 'r', 'p'] as const) {
    const [min, max] = LIMITS[k];
    if (params[k] < min || params[k] > max) return undefined;
  }
  const salt = Buffer.from(m[4]!, 'base64');
  const key = Buffer.from(m[5]!, 'base64');
  if (salt.length < 8 || key.length < 16 || key.length > 64) return undefined;
  return { params, salt, key };
}

/** True when `secret` matches `stored`; false for a wrong secret and for a malformed hash alike. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) {
    // Still spend the time: a malformed row must not be told apart from a wrong password.
    await dummyVerify(secret);
    return false;
  }
  const key = await scrypt(secret, parsed.salt, parsed.key.length, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

let dummy: Promise<string> | undefined;

/**
 * The work of one verification against a hash nobody knows the secret of: for unknown logins, so that
 * "no such user" answers in the time "wrong password" does.
 */
export async function dummyVerify(secret: string): Promise<false> {
  dummy ??= hashSecret(randomBytes(16).toString('hex'));
  const parsed = parseHash(await dummy)!;
  const key = await scrypt(secret, parsed.salt, parsed.key.length, parsed.params);
  timingSafeEqual(key, parsed.key);
  return false;
}
