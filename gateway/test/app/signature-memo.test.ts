/**
 * The memo of the CMS and certificate chain checks (signature-memo.ts): one check per distinct input bytes,
 * shared by concurrent callers; a change to any input byte, the trust anchors or the signing time is a new
 * check; a refusal is kept, any other failure is not.
 */
import { IntegrityError } from '@hocba/integrity';
import { describe, expect, it } from 'vitest';
import { type SignatureChecks, signatureMemo } from '../../src/signature-memo.ts';

const b = (...xs: number[]) => new Uint8Array(xs);

function counting() {
  const calls = { cms: 0, chain: 0 };
  let failWith: unknown;
  const base: SignatureChecks = {
    verifyCmsSignature: async (o) => {
      calls.cms++;
      if (failWith) throw failWith;
      return {
        signerCertificate: o.certificates![0]!,
        certificates: [...o.certificates!],
        signingTime: new Date(Date.UTC(2026, 5, 1)),
        digestAlgorithm: 'SHA-256',
        signatureAlgorithm: 'ECDSA-P256',
      };
    },
    verifySignerCertificate: async (o) => {
      calls.chain++;
      if (failWith) throw failWith;
      return { chain: [o.signerCertificate, ...o.trustAnchors] };
    },
  };
  return { calls, base, fail: (e: unknown) => (failWith = e) };
}

describe('signatureMemo', () => {
  it('checks each distinct CMS once, concurrent callers included, and again for any changed byte', async () => {
    const { calls, base } = counting();
    const { checks, stats } = signatureMemo(base);
    const o = { content: b(1, 2), cms: b(3, 4), certificates: [b(5)] };
    const [x, y] = await Promise.all([checks.verifyCmsSignature(o), checks.verifyCmsSignature({ ...o })]);
    expect(calls.cms).toBe(1);
    expect(y).toBe(x);
    expect(Object.isFrozen(x)).toBe(true);
    await checks.verifyCmsSignature({ ...o, content: b(1, 3) });
    await checks.verifyCmsSignature({ ...o, cms: b(3, 4, 0) });
    await checks.verifyCmsSignature({ ...o, certificates: [b(6)] });
    // The parts are length-prefixed: the same bytes cut differently are other inputs.
    await checks.verifyCmsSignature({ content: b(1), cms: b(2, 3, 4), certificates: [b(5)] });
    expect(calls.cms).toBe(5);
    expect(stats()).toMatchObject({ hits: 1, misses: 5 });
  });

  it('keys the chain check by the certificates, the trust anchors and the signing time', async () => {
    const { calls, base } = counting();
    const { checks } = signatureMemo(base);
    const o = { signerCertificate: b(1), intermediates: [b(2)], trustAnchors: [b(9)], at: new Date(1000) };
    await checks.verifySignerCertificate(o);
    await checks.verifySignerCertificate({ ...o, at: new Date(1000) });
    expect(calls.chain).toBe(1);
    await checks.verifySignerCertificate({ ...o, trustAnchors: [b(8)] });
    await checks.verifySignerCertificate({ ...o, trustAnchors: [] });
    await checks.verifySignerCertificate({ ...o, at: new Date(1001) });
    await checks.verifySignerCertificate({ ...o, intermediates: [] });
    expect(calls.chain).toBe(5);
  });

  it('keeps a refusal (an answer) but forgets any other failure', async () => {
    const { calls, base, fail } = counting();
    const { checks } = signatureMemo(base);
    const o = { content: b(1), cms: b(2), certificates: [b(3)] };
    fail(new IntegrityError('CMS_SIGNATURE_INVALID', 'bad'));
    await expect(checks.verifyCmsSignature(o)).rejects.toMatchObject({ code: 'CMS_SIGNATURE_INVALID' });
    await expect(checks.verifyCmsSignature(o)).rejects.toMatchObject({ code: 'CMS_SIGNATURE_INVALID' });
    expect(calls.cms).toBe(1);
    const other = { ...o, cms: b(7) };
    fail(new Error('lost'));
    await expect(checks.verifyCmsSignature(other)).rejects.toThrow('lost');
    fail(undefined);
    await expect(checks.verifyCmsSignature(other)).resolves.toBeDefined();
    expect(calls.cms).toBe(3);
  });

  it('keeps at most `capacity` answers, least recently used out', async () => {
    const { calls, base } = counting();
    const { checks, stats } = signatureMemo(base, 2);
    const o = (n: number) => ({ content: b(n), cms: b(0), certificates: [b(1)] });
    await checks.verifyCmsSignature(o(1));
    await checks.verifyCmsSignature(o(2));
    await checks.verifyCmsSignature(o(1));
    await checks.verifyCmsSignature(o(3)); // drops 2
    await checks.verifyCmsSignature(o(1));
    expect(calls.cms).toBe(3);
    await checks.verifyCmsSignature(o(2));
    expect(calls.cms).toBe(4);
    expect(stats().size).toBe(2);
  });
});
