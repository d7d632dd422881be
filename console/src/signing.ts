/**
 * Signing a batch in the browser with the principal's `.p12` (issue 13): the file is read and its key used
 * here, with Web Crypto — neither the file, its password nor the key is ever sent. The gateway gives the
 * exact bytes to sign (the batch's manifest, prepared for this certificate), and takes back the CMS
 * signature, which it verifies before anything goes to the ledger.
 *
 * Loaded on demand (the console's first screen does not carry pkijs).
 */
import { certificateFingerprint, fromBase64, readPkcs12, signCms, toBase64 } from '@hocba/integrity';
import type { Api } from './api/client.ts';

/** The key algorithms a principal's certificate may use (integrity's policy), tried in turn. */
const ALGORITHMS: (EcKeyImportParams | RsaHashedImportParams)[] = [
  { name: 'ECDSA', namedCurve: 'P-256' },
  { name: 'ECDSA', namedCurve: 'P-384' },
  { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
];

async function signingKey(pkcs8: Uint8Array): Promise<CryptoKey> {
  for (const algorithm of ALGORITHMS) {
    try {
      // Not extractable: once imported, the key cannot be read back out of the page.
      return await crypto.subtle.importKey('pkcs8', pkcs8 as BufferSource, algorithm, false, ['sign']);
    } catch {
      // Another algorithm's key: try the next.
    }
  }
  throw new SigningError('KEY_UNSUPPORTED');
}

/** Why signing stopped: an integrity code (PKCS12_…, CERT_…), KEY_UNSUPPORTED, or the gateway's error. */
export class SigningError extends Error {
  constructor(
    readonly code: string,
    readonly gatewayMessage?: { vi: string; en: string },
  ) {
    super(code);
  }
}

export interface Signed {
  signerCert: string;
  signingTime: string;
}

export async function signBatch(
  api: Api,
  batchId: string,
  file: Uint8Array,
  password: string,
): Promise<Signed> {
  let store: Awaited<ReturnType<typeof readPkcs12>>;
  try {
    store = await readPkcs12(file, password);
  } catch (e) {
    throw new SigningError((e as { code?: string }).code ?? 'PKCS12_MALFORMED');
  }
  const privateKey = await signingKey(store.privateKey);
  const signer = certificateFingerprint(store.certificate);
  const request = await api.GET('/v1/batches/{batchId}/signing-request', {
    params: { path: { batchId }, query: { signer } },
  });
  if (!request.data) throw fromGateway(request.error);
  const content = fromBase64(request.data.manifestBytes);
  if (!content) throw new SigningError('NETWORK');
  const cms = await signCms({
    content,
    privateKey,
    certificate: store.certificate,
    chain: store.chain,
    signingTime: new Date(),
  }).catch((e: unknown) => {
    throw new SigningError((e as { code?: string }).code ?? 'CMS_SIGNATURE_INVALID');
  });
  const posted = await api.POST('/v1/batches/{batchId}/signature', {
    params: { path: { batchId } },
    body: { cms: toBase64(cms) },
  });
  if (!posted.data) throw fromGateway(posted.error);
  return { signerCert: posted.data.signerCert, signingTime: posted.data.signingTime };
}

function fromGateway(error: unknown): SigningError {
  const e = (error as { error?: { code?: string; message?: { vi: string; en: string } } } | undefined)?.error;
  return new SigningError(e?.code ?? 'NETWORK', e?.message);
}
