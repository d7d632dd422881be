/**
 * The development software signer: what a principal's USB token or remote-signing service does, done in
 * process with a key of the dev PKI (scripts/dev-pki.ts). For the demo and the tests only — in production
 * no signing key reaches the gateway, which only ever sees the CMS that comes back (sign.ts).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from '@hocba/db';
import { certificateFingerprint, fromBase64, pemToDer, signCms } from '@hocba/integrity';
import {
  type AcceptedSignature,
  type AcceptSignatureOptions,
  acceptSignature,
  signingRequest,
} from './sign.ts';

export interface DevSigner {
  /** SHA-256 (hex) of the signer's DER certificate: what the manifest names as signerCert. */
  fingerprint: string;
  certificate: Uint8Array;
  /** A detached CAdES-BES CMS over `content`, signed now (by the signer's clock). */
  sign(content: Uint8Array): Promise<Uint8Array>;
}

export function devSigner(o: {
  certificate: Uint8Array;
  privateKey: CryptoKey;
  /** Intermediate CAs to embed. */
  chain?: Uint8Array[];
  clock?: () => Date;
}): DevSigner {
  const clock = o.clock ?? (() => new Date());
  return {
    fingerprint: certificateFingerprint(o.certificate),
    certificate: o.certificate,
    sign: (content) =>
      signCms({
        content,
        privateKey: o.privateKey,
        certificate: o.certificate,
        ...(o.chain && { chain: o.chain }),
        signingTime: clock(),
      }),
  };
}

/** The dev PKI principal of `schoolId` (an ECDSA P-256 key, as scripts/dev-pki.ts makes them). */
export async function loadDevSigner(
  schoolId: string,
  o: { pkiDir?: string; clock?: () => Date } = {},
): Promise<DevSigner> {
  const dir = o.pkiDir ?? resolve(import.meta.dirname, '../../../.dev-pki');
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as {
    schools: { schoolId: string; principal: { certificate: string; privateKey: string } }[];
  };
  const school = index.schools.find((s) => s.schoolId === schoolId);
  if (!school) throw new Error(`the dev PKI in ${dir} has no principal for school ${schoolId}`);
  const der = (path: string, label: string) => pemToDer(readFileSync(join(dir, path), 'utf8'), label)[0]!;
  const privateKey = await crypto.subtle.importKey(
    'pkcs8',
    new Uint8Array(der(school.principal.privateKey, 'PRIVATE KEY')),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  return devSigner({
    certificate: der(school.principal.certificate, 'CERTIFICATE'),
    privateKey,
    ...(o.clock && { clock: o.clock }),
  });
}

/** Both steps of external signing with the dev signer: fetch the manifest bytes, sign, post back. */
export async function signWithDevSigner(
  db: Database,
  batchId: string,
  signer: DevSigner,
  o: AcceptSignatureOptions,
): Promise<AcceptedSignature> {
  const request = await signingRequest(db, batchId);
  const cms = await signer.sign(fromBase64(request.manifestBytes)!);
  return acceptSignature(db, batchId, cms, o);
}
