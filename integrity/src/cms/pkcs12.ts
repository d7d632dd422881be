/**
 * PKCS #12 (RFC 7292) key stores — the `.p12`/`.pfx` file a principal's certificate comes in when it is not on
 * a USB token. The console reads one in the browser to sign a batch with Web Crypto, so the private key never
 * leaves the page; the development PKI writes one for the demo principal.
 *
 * Only password integrity and password privacy with PBES2 (PBKDF2 + AES-CBC, what OpenSSL 3 and current
 * Windows write) are read: Web Crypto has neither RC2 nor 3DES, so a file made with the old
 * pbeWithSHAAnd3-KeyTripleDES-CBC scheme is refused with its own code (the holder can re-export it).
 */
import * as asn1js from 'asn1js';
import {
  Attribute,
  AuthenticatedSafe,
  CertBag,
  Certificate,
  type ContentEncryptionAlgorithm,
  PFX,
  PKCS8ShroudedKeyBag,
  PrivateKeyInfo,
  SafeBag,
  SafeContents,
} from 'pkijs';
import { sha256 } from '../crypto.ts';
import { IntegrityError } from '../errors.ts';
import { parseCertificate } from './certificate.ts';
import { toArrayBuffer } from './der.ts';
import { cryptoEngine } from './engine.ts';

const BAG = {
  key: '1.2.840.113549.1.12.10.1.2', // pkcs8ShroudedKeyBag
  cert: '1.2.840.113549.1.12.10.1.3', // certBag
} as const;
const X509_CERT = '1.2.840.113549.1.9.22.1'; // x509Certificate (a certBag's certId)
const LOCAL_KEY_ID = '1.2.840.113549.1.9.21'; // localKeyId: pairs a key with its certificate
/** PBES2 (RFC 8018): the only password-based encryption Web Crypto can undo. */
const PBES2 = '1.2.840.113549.1.5.13';

interface Decryptable {
  parseInternalValues(p: { password: ArrayBuffer }, crypto: ReturnType<typeof cryptoEngine>): Promise<void>;
}

export interface KeyStore {
  /** DER of the certificate whose public key matches the private key. */
  certificate: Uint8Array;
  /** DER of the other certificates in the file (the issuing CAs), in file order. */
  chain: Uint8Array[];
  /** PKCS #8 DER of the private key. */
  privateKey: Uint8Array;
}

const fail = (
  code: 'PKCS12_MALFORMED' | 'PKCS12_BAD_PASSWORD' | 'PKCS12_UNSUPPORTED',
  m: string,
  cause?: unknown,
) => new IntegrityError(code, m, cause === undefined ? undefined : { cause });

const passwordBytes = (password: string): ArrayBuffer => {
  const b = new TextEncoder().encode(password.normalize('NFC'));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

/** Algorithm OIDs of every encrypted part, to refuse the legacy ones by name before trying. */
function encryptionAlgorithms(safe: AuthenticatedSafe): string[] {
  return safe.safeContents
    .filter((c) => c.contentType === '1.2.840.113549.1.7.6')
    .map((c) => {
      const seq = c.content as asn1js.Sequence;
      // EncryptedData ::= SEQUENCE { version, EncryptedContentInfo ::= SEQUENCE { contentType, algorithm, … } }
      const info = seq.valueBlock.value[1] as asn1js.Sequence | undefined;
      const alg = info?.valueBlock.value[1] as asn1js.Sequence | undefined;
      return (alg?.valueBlock.value[0] as asn1js.ObjectIdentifier | undefined)?.valueBlock.toString() ?? '';
    });
}

/** Reads a password-protected `.p12`: its certificate, chain and private key. */
export async function readPkcs12(file: Uint8Array, password: string): Promise<KeyStore> {
  const crypto = cryptoEngine();
  const pwd = passwordBytes(password);
  let pfx: PFX;
  try {
    pfx = PFX.fromBER(toArrayBuffer(file));
  } catch (e) {
    throw fail('PKCS12_MALFORMED', 'not a PKCS #12 file', e);
  }
  if (pfx.macData === undefined) throw fail('PKCS12_UNSUPPORTED', 'the file has no password integrity (MAC)');
  try {
    await pfx.parseInternalValues({ password: pwd, checkIntegrity: true }, crypto);
  } catch (e) {
    // The MAC is keyed by the password: a wrong password is the usual reason it does not match.
    throw fail('PKCS12_BAD_PASSWORD', 'the password does not open this file', e);
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw fail('PKCS12_MALFORMED', 'the file holds no authenticated safe');
  const algorithms = encryptionAlgorithms(safe);
  if (algorithms.some((a) => a !== PBES2)) {
    throw fail('PKCS12_UNSUPPORTED', `the file is encrypted with an old scheme (${algorithms.join(', ')})`);
  }
  try {
    await safe.parseInternalValues(
      { safeContents: safe.safeContents.map(() => ({ password: pwd })) },
      crypto,
    );
  } catch (e) {
    throw fail('PKCS12_MALFORMED', 'the file’s contents cannot be read', e);
  }
  const bags: SafeBag[] = (safe.parsedValue.safeContents as { value: SafeContents }[]).flatMap(
    (c) => c.value.safeBags,
  );
  const certificates: Uint8Array[] = [];
  const keys: Uint8Array[] = [];
  for (const bag of bags) {
    if (bag.bagId === BAG.cert) {
      const cert = bag.bagValue as CertBag;
      // An x509Certificate's value is an OCTET STRING holding the certificate's DER.
      if (cert.certId === X509_CERT)
        certificates.push(new Uint8Array((cert.certValue as asn1js.OctetString).getValue()));
    } else if (bag.bagId === BAG.key) {
      const shrouded = bag.bagValue as PKCS8ShroudedKeyBag;
      if (shrouded.encryptionAlgorithm.algorithmId !== PBES2) {
        throw fail(
          'PKCS12_UNSUPPORTED',
          `the key is encrypted with an old scheme (${shrouded.encryptionAlgorithm.algorithmId})`,
        );
      }
      try {
        // Public in pkijs's JavaScript, marked protected in its typings.
        await (shrouded as unknown as Decryptable).parseInternalValues({ password: pwd }, crypto);
      } catch (e) {
        throw fail('PKCS12_BAD_PASSWORD', 'the password does not open the private key', e);
      }
      keys.push(new Uint8Array(shrouded.parsedValue!.toSchema().toBER(false)));
    }
  }
  if (keys.length !== 1)
    throw fail('PKCS12_MALFORMED', `the file holds ${keys.length} private keys, not one`);
  // The key's certificate is the end entity's: the one that is not a CA. signCms checks that the key
  // matches it before anything is sent.
  const endEntities = certificates.filter((c) => parseCertificate(c).basicConstraints?.cA !== true);
  if (endEntities.length !== 1) {
    throw fail('PKCS12_MALFORMED', `the file holds ${endEntities.length} end-entity certificates, not one`);
  }
  const own = endEntities[0]!;
  return { certificate: own, chain: certificates.filter((c) => c !== own), privateKey: keys[0]! };
}

export interface WritePkcs12Options {
  /** DER */
  certificate: Uint8Array;
  chain?: Uint8Array[];
  /** PKCS #8 DER */
  privateKey: Uint8Array;
  password: string;
  /** PBKDF2 iterations (RFC 8018 advises ≥ 1000; OpenSSL 3 writes 2048; the MAC uses the same). */
  iterations?: number;
}

/** Writes a `.p12` as OpenSSL 3 does by default: PBES2 (PBKDF2-HMAC-SHA-256, AES-256-CBC), SHA-256 MAC. */
export async function writePkcs12(o: WritePkcs12Options): Promise<Uint8Array> {
  const crypto = cryptoEngine();
  const pwd = passwordBytes(o.password);
  const iterationCount = o.iterations ?? 2048;
  const pbes2 = {
    password: pwd,
    contentEncryptionAlgorithm: { name: 'AES-CBC', length: 256 } as ContentEncryptionAlgorithm,
    hmacHashAlgorithm: 'SHA-256',
    iterationCount,
  };
  // The same localKeyId on the key and its certificate, as OpenSSL and Windows write it: readers pair them by it.
  const paired = [
    new Attribute({
      type: LOCAL_KEY_ID,
      values: [new asn1js.OctetString({ valueHex: toArrayBuffer(sha256(o.certificate)) })],
    }),
  ];
  const certBag = (der: Uint8Array) =>
    new SafeBag({
      bagId: BAG.cert,
      bagValue: new CertBag({ parsedValue: Certificate.fromBER(toArrayBuffer(der)) }),
      ...(der === o.certificate && { bagAttributes: paired }),
    });
  const keyBag = new PKCS8ShroudedKeyBag({
    parsedValue: PrivateKeyInfo.fromBER(toArrayBuffer(o.privateKey)),
  });
  await keyBag.makeInternalValues(pbes2, crypto);
  const safe = new AuthenticatedSafe({
    parsedValue: {
      safeContents: [
        {
          privacyMode: 0,
          value: new SafeContents({
            safeBags: [new SafeBag({ bagId: BAG.key, bagValue: keyBag, bagAttributes: paired })],
          }),
        },
        {
          privacyMode: 1,
          value: new SafeContents({ safeBags: [o.certificate, ...(o.chain ?? [])].map(certBag) }),
        },
      ],
    },
  });
  await safe.makeInternalValues({ safeContents: [{}, pbes2] }, crypto);
  const pfx = new PFX({ parsedValue: { integrityMode: 0, authenticatedSafe: safe } });
  await pfx.makeInternalValues(
    {
      password: pwd,
      iterations: iterationCount,
      pbkdf2HashAlgorithm: 'SHA-256',
      hmacHashAlgorithm: 'SHA-256',
    },
    crypto,
  );
  return new Uint8Array(pfx.toSchema().toBER(false));
}
