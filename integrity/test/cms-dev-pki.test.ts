/** scripts/dev-pki.ts: files, modes, idempotence, and certificates that chain (ours and openssl's view). */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  certificateFingerprint,
  describeCertificate,
  pemToDer,
  verifySignerCertificate,
} from '../src/cms/index.ts';

const script = resolve(import.meta.dirname, '../../scripts/dev-pki.ts');
let out: string;
const run = (...args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', script, '--out', out, ...args], { encoding: 'utf8' });
const read = (p: string) => readFileSync(join(out, p), 'utf8');
const cert = (p: string) => pemToDer(read(p), 'CERTIFICATE')[0]!;

interface Index {
  root: { certificate: string; fingerprint: string; subject: string };
  schools: {
    schoolId: string;
    name: string;
    districtId: string;
    principal: { certificate: string; privateKey: string; fingerprint: string };
  }[];
}

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'hocba-dev-pki-'));
  run();
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('dev-pki', () => {
  it('writes a root and one principal per demo school, keys private to the owner', () => {
    const index = JSON.parse(read('index.json')) as Index;
    expect(index.root.subject).toContain('CN=hocba dev Ministry Root CA');
    expect(index.schools.map((s) => s.schoolId)).toEqual(['SCH-QN-001', 'SCH-QN-002', 'SCH-QN-003']);
    expect(new Set(index.schools.map((s) => s.districtId))).toEqual(new Set(['district1', 'district2']));
    for (const key of ['root.key', ...index.schools.map((s) => s.principal.privateKey)]) {
      expect(statSync(join(out, key)).mode & 0o777).toBe(0o600);
      expect(read(key)).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    }
    expect(index.root.fingerprint).toBe(certificateFingerprint(cert('root.crt')));
  });

  it('principal certificates chain to the root, name their school and last three years', async () => {
    const index = JSON.parse(read('index.json')) as Index;
    for (const s of index.schools) {
      const der = cert(s.principal.certificate);
      const { chain } = await verifySignerCertificate({
        signerCertificate: der,
        intermediates: [],
        trustAnchors: [cert('root.crt')],
        at: new Date(),
      });
      expect(chain).toHaveLength(2);
      const d = describeCertificate(der);
      expect(d.fingerprint).toBe(s.principal.fingerprint);
      expect(d.subject).toContain(`OU=${s.schoolId}`);
      expect(d.subject).toContain(`O=${s.name}`);
      const years = (d.notAfter.getTime() - d.notBefore.getTime()) / (365 * 24 * 3600 * 1000);
      expect(years).toBeGreaterThan(3);
      expect(years).toBeLessThan(3.01);
      const openssl = spawnSync('openssl', [
        'verify',
        '-CAfile',
        join(out, 'root.crt'),
        join(out, s.principal.certificate),
      ]);
      expect(openssl.status).toBe(0);
    }
  });

  it('keeps existing files unless --force', () => {
    const files = () => ['root.crt', 'SCH-QN-002/principal.crt', 'SCH-QN-002/principal.key'].map(read);
    const before = files();
    expect(run()).not.toContain('created');
    expect(files()).toEqual(before);
    expect(run('--force')).toContain('created');
    for (const [i, now] of files().entries()) expect(now).not.toBe(before[i]);
  });
});
