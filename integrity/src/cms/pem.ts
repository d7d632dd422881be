/** PEM (RFC 7468) ⇄ DER without Buffer, so it runs in browsers and chaincode alike. */
import { fromBase64, toBase64 } from '../bytes.ts';
import { IntegrityError } from '../errors.ts';

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;

/**
 * DER of every PEM block in `pem` (in order), or only of those labelled `label` (e.g. 'CERTIFICATE').
 * Text outside blocks is ignored, as RFC 7468 allows; a block whose body is not base64 is refused.
 */
export function pemToDer(pem: string, label?: string): Uint8Array<ArrayBuffer>[] {
  const out: Uint8Array<ArrayBuffer>[] = [];
  for (const m of pem.matchAll(BLOCK)) {
    const [, begin, body = '', end] = m;
    if (begin !== end) {
      throw new IntegrityError('CERT_MALFORMED', `PEM block BEGIN ${begin} ends with END ${end}`);
    }
    if (label !== undefined && begin !== label) continue;
    const der = fromBase64(body.replace(/\s+/g, ''));
    if (der === undefined || der.length === 0) {
      throw new IntegrityError('CERT_MALFORMED', `PEM block ${begin} does not hold base64 data`);
    }
    out.push(new Uint8Array(der)); // ArrayBuffer-backed, as Web Crypto's importKey wants
  }
  return out;
}

/** Standard PEM: 64-character lines, LF line ends, trailing newline. */
export function derToPem(der: Uint8Array, label: string): string {
  const b64 = toBase64(der);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
