/** The pkijs crypto engine, bound to this runtime's Web Crypto (browser, Node, chaincode alike). */
import { CryptoEngine } from 'pkijs';
import { subtle } from '../crypto.ts';

let engine: CryptoEngine | undefined;

/** Passed explicitly to every pkijs call, so nothing depends on pkijs's process-global engine. */
export function cryptoEngine(): CryptoEngine {
  subtle(); // fails with a clear message where Web Crypto is missing
  engine ??= new CryptoEngine({ name: 'hocba', crypto: globalThis.crypto });
  return engine;
}
