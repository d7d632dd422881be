/** Shared set-up: the sample contract, the network's organisations with one client each, a ledger factory. */
import './env.ts';
import { createRequire } from 'node:module';
import { afterEach } from 'vitest';
import {
  type ContractClass,
  EmbeddedLedger,
  type EmbeddedLedgerOptions,
  type EnrolledIdentity,
  issueIdentity,
  makeOrgCa,
} from '../src/index.ts';

// Loaded by Node's own require, as fabric-chaincode-node loads a chaincode (not through vitest's transform).
const require = createRequire(import.meta.url);
export const { SampleContract } = require('./fixtures/sample-contract.cjs') as {
  SampleContract: ContractClass;
};

export const CC_POLICY = "AND('DoetMSP.peer', OR('District1MSP.peer','District2MSP.peer'))";
export const ORGS = ['MoetMSP', 'DoetMSP', 'District1MSP', 'District2MSP'] as const;
export const DOET_D1 = ['DoetMSP', 'District1MSP'];
export const DOET_D2 = ['DoetMSP', 'District2MSP'];

export interface Clients {
  /** DoetMSP, with Fabric CA attributes hocba.role=principal, hocba.school=S1. */
  principal: EnrolledIdentity;
  /** District1MSP, hocba.role=districtOfficer. */
  officer: EnrolledIdentity;
}

let clients: Promise<Clients> | undefined;

/** One CA per organisation, made once per test file (key generation is the slow part). */
export function makeClients(): Promise<Clients> {
  clients ??= (async () => {
    const doet = await makeOrgCa('DoetMSP');
    const d1 = await makeOrgCa('District1MSP');
    return {
      principal: await issueIdentity(doet, {
        commonName: 'principal1',
        ou: 'client',
        attrs: { 'hocba.role': 'principal', 'hocba.school': 'S1' },
      }),
      officer: await issueIdentity(d1, {
        commonName: 'officer1',
        ou: 'client',
        attrs: { 'hocba.role': 'districtOfficer' },
      }),
    };
  })();
  return clients;
}

/** A ledger with the network's chaincode policy and a short block timeout; closed after each test. */
export function makeLedger(o: Partial<EmbeddedLedgerOptions> = {}): EmbeddedLedger {
  const ledger = new EmbeddedLedger({
    contracts: [SampleContract],
    endorsementPolicy: CC_POLICY,
    blockCutMs: 5,
    ...o,
  });
  open.add(ledger);
  return ledger;
}

const open = new Set<EmbeddedLedger>();
afterEach(async () => {
  for (const l of open) await l.close();
  open.clear();
});

/** A clock that tests move by hand. */
export function manualClock(start = '2026-06-15T08:00:00.000Z'): { now: () => Date; set(iso: string): void } {
  let t = new Date(start);
  return {
    now: () => t,
    set: (iso) => {
      t = new Date(iso);
    },
  };
}

export const text = (b: Uint8Array): string => new TextDecoder().decode(b);
