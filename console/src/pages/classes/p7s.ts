/**
 * The bytes of a signature file as the gateway takes them (base64 of the DER), from what signing tools
 * write: binary DER (.p7s, .p7m, .der), PEM (-----BEGIN PKCS7----- / CMS), or bare base64 text. Small on
 * purpose: the classes area does not load pkijs for this.
 */

const BASE64_TEXT = /^[A-Za-z0-9+/\s]+={0,2}\s*$/;

/** Base64 of `bytes`. */
export function base64Of(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The bytes of base64 text; undefined when it is not base64. */
export function bytesOf(base64: string): Uint8Array | undefined {
  try {
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** The signature as base64 DER; undefined when the file is none of the three forms (or empty). */
export function p7sBase64(file: Uint8Array): string | undefined {
  if (file.length === 0) return undefined;
  // DER's SEQUENCE tag: a binary file.
  if (file[0] === 0x30) return base64Of(file);
  const text = new TextDecoder().decode(file);
  const pem = /-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END [A-Z0-9 ]+-----/.exec(text);
  const body = (pem ? pem[1]! : text).replace(/\s+/g, '');
  return body.length >= 4 && BASE64_TEXT.test(body) && bytesOf(body) ? body : undefined;
}
