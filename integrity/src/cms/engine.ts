/** The pkijs crypto engine, bound to this runtime's Web Crypto (browser, Node, chaincode alike). */
import { CryptoEngine } from 'pkijs';
import { toHex } from '../bytes.ts';
import { subtle } from '../crypto.ts';
import { toBytes } from './der.ts';

/** Public keys imported, by SPKI bytes and import parameters; a CryptoKey is immutable, so it can be shared. */
const IMPORTED_KEYS_SIZE = 64;

/**
 * pkijs imports the issuer's or signer's public key again for every signature it checks, converting the SPKI
 * to a JWK on the way; the same few keys (the registered roots, a school's signer) come back on every
 * verification. Only public keys (`spki`) are kept, and a failed import is not.
 */
class KeyCachingEngine extends CryptoEngine {
  private readonly keys = new Map<string, Promise<CryptoKey>>();

  override importKey(
    format: KeyFormat,
    keyData: BufferSource | JsonWebKey,
    algorithm: globalThis.AlgorithmIdentifier,
    extractable: boolean,
    keyUsages: KeyUsage[],
  ): Promise<CryptoKey> {
    if (format !== 'spki' || !(keyData instanceof ArrayBuffer || ArrayBuffer.isView(keyData))) {
      return super.importKey(format, keyData, algorithm, extractable, keyUsages);
    }
    const id = `${toHex(toBytes(keyData))} ${JSON.stringify(algorithm)} ${extractable} ${keyUsages.join()}`;
    let key = this.keys.get(id);
    if (!key) {
      key = super.importKey(format, keyData, algorithm, extractable, keyUsages);
      key.catch(() => this.keys.delete(id));
      this.keys.set(id, key);
      if (this.keys.size > IMPORTED_KEYS_SIZE) this.keys.delete(this.keys.keys().next().value!);
    }
    return key;
  }
}

let engine: CryptoEngine | undefined;

/** Passed explicitly to every pkijs call, so nothing depends on pkijs's process-global engine. */
export function cryptoEngine(): CryptoEngine {
  subtle(); // fails with a clear message where Web Crypto is missing
  engine ??= new KeyCachingEngine({ name: 'hocba', crypto: globalThis.crypto });
  return engine;
}
