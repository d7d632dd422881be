/**
 * The certificate to send, from the file the principal picked: a PEM or DER certificate as it is, or the
 * certificate (and its chain) taken out of a `.p12`/`.pfx` here, in the page — the private key is read by
 * integrity's readPkcs12 and dropped, never sent. Loaded on demand (pkijs is large).
 */
import { derToPem, readPkcs12, toBase64 } from '@hocba/integrity';

export const isKeyStore = (name: string) => /\.(p12|pfx)$/i.test(name);

export class CertificateFileError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/** The body's `certificate`: PEM blocks (certificate first), or one base64 DER. */
export async function certificateText(file: Uint8Array, name: string, password: string): Promise<string> {
  if (isKeyStore(name)) {
    let store: Awaited<ReturnType<typeof readPkcs12>>;
    try {
      store = await readPkcs12(file, password);
    } catch (e) {
      throw new CertificateFileError((e as { code?: string }).code ?? 'PKCS12_MALFORMED');
    }
    return [store.certificate, ...store.chain].map((der) => derToPem(der, 'CERTIFICATE')).join('\n');
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(file);
  if (text.includes('-----BEGIN CERTIFICATE-----')) return text;
  // A DER certificate starts with a SEQUENCE (0x30); anything else is not one.
  if (file.length < 64 || file[0] !== 0x30) throw new CertificateFileError('NOT_A_CERTIFICATE');
  return toBase64(file);
}
