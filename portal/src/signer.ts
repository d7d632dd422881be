/**
 * Who signed a bundle's batch, in words: the certificate's holder (CN) and organisation (O), read from the
 * bundle's own certificate that the manifest names. Shown only beside a report whose signature step passed
 * (that step proved this certificate made the signature); never taken from the server's words.
 */
import { certificateFingerprint, describeCertificate, fromBase64 } from '@hocba/integrity';

export interface SignerInfo {
  /** The certificate's common name, e.g. "Hiệu trưởng Trường Tiểu học Kim Đồng". */
  name?: string;
  /** Its organisation. */
  organisation?: string;
}

/** RFC 4514 "CN=…,O=…,C=VN" into its attributes (backslash escapes kept as the character they escape). */
export function nameAttributes(rfc4514: string): Record<string, string> {
  const out: Record<string, string> = {};
  let key = '';
  let value = '';
  let inValue = false;
  const flush = () => {
    const k = key.trim().toUpperCase();
    if (k && !(k in out)) out[k] = value.trim();
    key = '';
    value = '';
    inValue = false;
  };
  for (let i = 0; i < rfc4514.length; i++) {
    const c = rfc4514[i]!;
    if (c === '\\' && i + 1 < rfc4514.length) {
      const next = rfc4514[++i]!;
      if (inValue) value += next;
      else key += next;
    } else if ((c === ',' || c === '+') && inValue) flush();
    else if (c === '=' && !inValue) inValue = true;
    else if (inValue) value += c;
    else key += c;
  }
  flush();
  return out;
}

export function signerOf(bundle: unknown): SignerInfo | undefined {
  const b = bundle as { certificates?: unknown; manifest?: { signerCert?: unknown } } | null;
  if (!b || !Array.isArray(b.certificates)) return undefined;
  for (const c of b.certificates) {
    if (typeof c !== 'string') continue;
    try {
      const der = fromBase64(c);
      if (!der || certificateFingerprint(der) !== b.manifest?.signerCert) continue;
      const a = nameAttributes(describeCertificate(der).subject);
      return { ...(a.CN && { name: a.CN }), ...(a.O && { organisation: a.O }) };
    } catch {
      // An unreadable certificate: the signature step says so; no name to show.
    }
  }
  return undefined;
}
