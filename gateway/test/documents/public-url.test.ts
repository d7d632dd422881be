/**
 * The address a PDF's QR code opens: PUBLIC_URL (checked at boot: http or https, no query or fragment), else
 * http://HOST:PORT — what `npm start` serves — and the lookup page of a code under it.
 */
import { describe, expect, it } from 'vitest';
import { lookupUrl } from '../../src/documents/index.ts';
import { loadEnv, publicUrl } from '../../src/env.ts';

describe('the public URL', () => {
  it('defaults to the address the gateway listens on', () => {
    expect(publicUrl(loadEnv({}))).toBe('http://127.0.0.1:3000');
    expect(publicUrl(loadEnv({ HOST: '::1', PORT: '8080' }))).toBe('http://[::1]:8080');
  });

  it('is PUBLIC_URL when set, without a trailing slash', () => {
    expect(publicUrl(loadEnv({ PUBLIC_URL: 'https://tracuu.hocba.gov.vn/' }))).toBe(
      'https://tracuu.hocba.gov.vn',
    );
    expect(publicUrl(loadEnv({ PUBLIC_URL: 'https://hocba.example.vn/tra-cuu' }))).toBe(
      'https://hocba.example.vn/tra-cuu',
    );
  });

  it('refuses at boot what is not an http(s) address of a page', () => {
    for (const bad of [
      'tracuu.hocba.gov.vn',
      'javascript:alert(1)',
      'https://x.vn/?a=1',
      'https://x.vn/#f',
      'ftp://x.vn',
    ])
      expect(() => loadEnv({ PUBLIC_URL: bad }), bad).toThrow(/PUBLIC_URL/);
  });

  it('puts the canonical code under it, one slash between', () => {
    expect(lookupUrl('https://tracuu.hocba.gov.vn/', 'HB7K3MQ9ABCDEFGH1234')).toBe(
      'https://tracuu.hocba.gov.vn/HB7K3MQ9ABCDEFGH1234',
    );
  });
});
