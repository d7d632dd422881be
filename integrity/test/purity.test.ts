/**
 * integrity/ must run unchanged in Node, in Fabric chaincode and in a browser: no Node built-in may be
 * reached from its entry point, directly or through a dependency. esbuild bundles it for the browser
 * platform, where a Node built-in cannot be resolved, and the test fails on any such import.
 */
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as integrity from '../src/index.ts';

const PUBLIC_API = [
  'AnchorViewSchema',
  'BUNDLE_VERSION',
  'BatchKind',
  'EMPTY_ROOT',
  'IntegrityError',
  'MANIFEST_SCHEMA',
  'Manifest',
  'MerkleTree',
  'ProofBundle',
  'RECORD_SALT_SIZE',
  'STEPS',
  'buildBundle',
  'buildManifest',
  'canonicalBytes',
  'canonicalize',
  'certificateFingerprint',
  'commitCanonical',
  'commitRecord',
  'constantTimeEqual',
  'derToPem',
  'describeCertificate',
  'digestFromDisclosure',
  'disclose',
  'disclosedValues',
  'fieldHash',
  'fieldSalt',
  'flattenFields',
  'fromBase64',
  'fromHex',
  'fromUtf8',
  'fullDisclosure',
  'hmacSha256',
  'isIntegrityError',
  'leafFromDisclosure',
  'leafHash',
  'manifestBytes',
  'newRecordSalt',
  'nodeHash',
  'parseManifest',
  'pemToDer',
  'randomBytes',
  'readPkcs12',
  'rootFromInclusionProof',
  'sha256',
  'signCms',
  'toBase64',
  'toHex',
  'utf8',
  'verifyBundle',
  'verifyCmsSignature',
  'verifyConsistency',
  'verifyInclusion',
  'verifyRecord',
  'verifySignerCertificate',
  'writePkcs12',
];

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

describe('integrity/ is pure', () => {
  it('bundles for the browser with no Node built-in anywhere in its import graph', async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const imports = Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    expect(imports.filter((p) => builtins.has(p))).toEqual([]);
    expect(result.errors).toEqual([]);
  });

  it('refuses to bundle a module that imports a Node built-in (the check can fail)', async () => {
    await expect(
      build({
        stdin: {
          contents: `import './index.ts'; import { readFileSync } from 'node:fs'; console.log(readFileSync);`,
          resolveDir: fileURLToPath(new URL('../src/', import.meta.url)),
          loader: 'ts',
        },
        bundle: true,
        platform: 'browser',
        write: false,
        logLevel: 'silent',
      }),
    ).rejects.toThrow(/node:fs/);
  });

  it('exports exactly the public API (a change here is a change of contract)', () => {
    expect(Object.keys(integrity).sort()).toEqual(PUBLIC_API);
  });
});
