import './env.ts';
import { createRequire } from 'node:module';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import {
  FABRIC_ATTRS_OID,
  formatPolicy,
  isSatisfied,
  issueIdentity,
  makeOrgCa,
  PolicyError,
  parsePolicy,
  policyFromEnvelope,
} from '../src/index.ts';
import { CC_POLICY } from './helpers.ts';

const require = createRequire(import.meta.url);
const { KeyEndorsementPolicy } = require('fabric-shim') as {
  KeyEndorsementPolicy: new (
    bytes?: Uint8Array,
  ) => { addOrgs(role: string, ...orgs: string[]): void; getPolicy(): Uint8Array };
};

describe('endorsement policies', () => {
  it('parses Fabric’s policy language', () => {
    expect(parsePolicy(CC_POLICY)).toEqual({
      kind: 'outOf',
      n: 2,
      rules: [
        { kind: 'signedBy', principal: { mspId: 'DoetMSP', role: 'peer' } },
        {
          kind: 'outOf',
          n: 1,
          rules: [
            { kind: 'signedBy', principal: { mspId: 'District1MSP', role: 'peer' } },
            { kind: 'signedBy', principal: { mspId: 'District2MSP', role: 'peer' } },
          ],
        },
      ],
    });
    expect(formatPolicy(parsePolicy(CC_POLICY))).toBe(
      "AND('DoetMSP.peer', OR('District1MSP.peer', 'District2MSP.peer'))",
    );
    expect(formatPolicy(parsePolicy(`OutOf(2, "Org.a.b.member", 'B.admin', 'C.client')`))).toBe(
      "OutOf(2, 'Org.a.b.member', 'B.admin', 'C.client')",
    );
    for (const bad of [
      "AND('A.peer'",
      "XOR('A.peer')",
      "'A.boss'",
      "AND('A.peer') 'B.peer'",
      "OutOf(x, 'A.peer')",
    ]) {
      expect(() => parsePolicy(bad), bad).toThrow(PolicyError);
    }
  });

  it('evaluates as cauthdsl: one endorsement satisfies one principal, peers are members but not admins', () => {
    const p = (s: string) => parsePolicy(s);
    expect(isSatisfied(p(CC_POLICY), ['DoetMSP', 'District2MSP'])).toBe(true);
    expect(isSatisfied(p(CC_POLICY), ['DoetMSP'])).toBe(false);
    expect(isSatisfied(p(CC_POLICY), ['District1MSP', 'District2MSP', 'MoetMSP'])).toBe(false);
    expect(isSatisfied(p("AND('A.peer', 'A.member')"), ['A'])).toBe(false);
    expect(isSatisfied(p("AND('A.peer', 'A.member')"), ['A', 'A'])).toBe(false);
    expect(isSatisfied(p("OutOf(2, 'A.peer', 'B.peer', 'C.member')"), ['C', 'A'])).toBe(true);
    expect(isSatisfied(p("OR('A.admin', 'A.client', 'A.orderer')"), ['A'])).toBe(false);
  });

  it('reads key-level policies made by fabric-shim’s KeyEndorsementPolicy', () => {
    const ep = new KeyEndorsementPolicy();
    ep.addOrgs('PEER', 'District1MSP', 'DoetMSP');
    ep.addOrgs('MEMBER', 'MoetMSP');
    const policy = policyFromEnvelope(ep.getPolicy());
    expect(formatPolicy(policy)).toBe("AND('District1MSP.peer', 'DoetMSP.peer', 'MoetMSP.member')");
    expect(isSatisfied(policy, ['DoetMSP', 'District1MSP', 'MoetMSP'])).toBe(true);
    expect(isSatisfied(policy, ['DoetMSP', 'District1MSP'])).toBe(false);
    expect(() => policyFromEnvelope(new Uint8Array([0xff, 0xff, 0xff]))).toThrow(PolicyError);
  });
});

describe('identities', () => {
  it('issues Fabric CA-style certificates: OU of the identity type, attributes as raw JSON', async () => {
    const ca = await makeOrgCa('District2MSP');
    const id = await issueIdentity(ca, {
      commonName: 'officer7',
      ou: 'client',
      attrs: { 'hocba.role': 'districtOfficer' },
    });
    expect(id.mspId).toBe('District2MSP');
    const cert = new x509.X509Certificate(id.certificate);
    expect(cert.subject).toBe('CN=officer7, OU=client, O=District2MSP');
    expect(cert.issuer).toBe(ca.cert.subject);
    expect(await cert.verify({ publicKey: ca.cert.publicKey, signatureOnly: true })).toBe(true);
    const ext = cert.getExtension(FABRIC_ATTRS_OID);
    expect(ext?.critical).toBe(false);
    expect(JSON.parse(new TextDecoder().decode(ext?.value))).toEqual({
      attrs: {
        'hf.Affiliation': '',
        'hf.EnrollmentID': 'officer7',
        'hf.Type': 'client',
        'hocba.role': 'districtOfficer',
      },
    });
    expect(id.privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
  });
});
