/**
 * A root certificate from the file the auditor picked, as the PEM text POST /v1/trust-anchors takes: a
 * PEM file as it is (its first certificate), a DER file (.cer/.der as Windows exports them) wrapped in PEM
 * here. Nothing else is sent: a file that is neither is refused before any request.
 */

export class AnchorFileError extends Error {
  constructor() {
    super('NOT_A_CERTIFICATE');
  }
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

function base64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function anchorPem(file: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(file);
  const block = PEM_BLOCK.exec(text)?.[0];
  if (block) return `${block}\n`;
  // A DER certificate is one SEQUENCE (0x30) with a long-form length (0x81–0x83: that many bytes follow).
  const lengthForm = file[1] ?? 0;
  if (file.length < 64 || file[0] !== 0x30 || lengthForm < 0x81 || lengthForm > 0x83)
    throw new AnchorFileError();
  const lines = base64(file).match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** The readable part of an RFC 4514 name: its CN, and its O when it differs. */
export function dnText(dn: string): string {
  const value = (key: string) => {
    const m = new RegExp(`(?:^|,)\\s*${key}=((?:\\\\.|[^,])*)`).exec(dn);
    return m?.[1]?.replace(/\\(.)/g, '$1').trim();
  };
  const parts = [value('CN'), value('O')].filter((x): x is string => !!x);
  return [...new Set(parts)].join(' — ') || dn;
}

/** The fingerprint in groups of four, to read aloud and compare by eye. */
export const fingerprintText = (hex: string) => hex.toUpperCase().replace(/(.{4})(?!$)/g, '$1 ');
