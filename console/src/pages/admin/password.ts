/**
 * A first password the page makes for a new account: 16 characters from an alphabet without look-alikes
 * (no 0/O, 1/l/I), in groups of four so it can be read out and copied by hand (~90 bits from Web Crypto).
 */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function firstPassword(): string {
  const out: string[] = [];
  // Rejection sampling keeps every character equally likely (256 is not a multiple of the alphabet's size).
  const limit = 256 - (256 % ALPHABET.length);
  while (out.length < 16) {
    for (const b of crypto.getRandomValues(new Uint8Array(32))) {
      if (b < limit && out.length < 16) out.push(ALPHABET[b % ALPHABET.length]!);
    }
  }
  return [0, 4, 8, 12].map((i) => out.slice(i, i + 4).join('')).join('-');
}
