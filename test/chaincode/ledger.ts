/**
 * The ledger a chaincode World runs on, embedded or Fabric: the gateway's LedgerClient for every submit and
 * read the suite makes, plus the few things a client does not offer and the suite needs — client identities
 * with hocba.* attributes, two transactions endorsed on the same state and then ordered together, and the
 * committed blocks (write sets and events), read back as the chain holds them.
 */
import { createRequire } from 'node:module';
import {
  type ContractClass,
  EmbeddedLedger,
  issueIdentity,
  makeOrgCa,
  type OrgCa,
} from '@hocba/embedded-ledger';
import { EmbeddedLedgerClient, type LedgerClient, type LedgerIdentity } from '@hocba/gateway/ledger';
import { fromBase64 } from '@hocba/integrity';

const require = createRequire(import.meta.url);
const { contracts } = require('@hocba/chaincode') as { contracts: ContractClass[] };

export const POLICY = "AND('DoetMSP.peer', OR('District1MSP.peer','District2MSP.peer'))";

export type LedgerKind = 'embedded' | 'fabric';

export interface Request {
  fn: string;
  args: readonly string[];
  identity: LedgerIdentity;
  endorsingOrgs: readonly string[];
}

/** A committed transaction as its block holds it (only the parts the suite reads). */
export interface ChainTransaction {
  txId: string;
  validationCode: string;
  writes: { key: string; value?: Uint8Array }[];
  event?: { name: string; payload: Uint8Array };
}

export interface TestLedger {
  readonly kind: LedgerKind;
  readonly client: LedgerClient;
  /** A client identity of `mspId` with these hocba.* attributes; `name` is unique within a World. */
  identity(mspId: string, name: string, attrs: Record<string, string>): Promise<LedgerIdentity>;
  /** Returns once every peer has committed block `blockNumber` (and so every later read sees it). */
  settle(blockNumber: number): Promise<void>;
  /**
   * Endorses every request on the same committed state, then orders them all; the outcomes in the order the
   * transactions stand in the chain (block, then position in the block).
   */
  submitTogether(
    requests: readonly Request[],
  ): Promise<{ txId: string; validationCode: string; blockNumber: number }[]>;
  /** Blockchain height: the number of blocks, genesis included. */
  height(): Promise<number>;
  /** The transactions of block n, in order (configuration transactions left out). */
  block(n: number): Promise<ChainTransaction[]>;
  close(): Promise<void>;
}

/** The in-process ledger: the same chaincode classes, Fabric's flow, the real clock. */
export async function embeddedLedger(): Promise<TestLedger> {
  const ledger = new EmbeddedLedger({ contracts, endorsementPolicy: POLICY });
  const client = new EmbeddedLedgerClient(ledger);
  const cas = new Map<string, Promise<OrgCa>>();
  const bytes = (b64: string) => fromBase64(b64) ?? new Uint8Array();
  return {
    kind: 'embedded',
    client,
    async identity(mspId, name, attrs) {
      let ca = cas.get(mspId);
      if (!ca) {
        ca = makeOrgCa(mspId);
        cas.set(mspId, ca);
      }
      // The embedded ledger checks no signature: the identity needs no signer.
      return issueIdentity(await ca, { commonName: name, ou: 'client', attrs });
    },
    settle: async () => {},
    async submitTogether(requests) {
      const results = await ledger.submitBlock(
        requests.map((r) => ({
          name: r.fn,
          args: r.args,
          identity: r.identity,
          endorsingOrgs: r.endorsingOrgs,
        })),
      );
      return results.map(({ txId, validationCode, blockNumber }) => ({ txId, validationCode, blockNumber }));
    },
    height: async () => ledger.height,
    async block(n) {
      const block = ledger.getBlock(n);
      if (!block) throw new Error(`the embedded ledger has no block ${n}`);
      return block.transactions.map((t) => ({
        txId: t.txId,
        validationCode: t.validationCode,
        writes: t.rwset.writes.map((w) => ({
          key: w.key,
          ...(w.value !== undefined && { value: bytes(w.value) }),
        })),
        ...(t.event && { event: { name: t.event.name, payload: bytes(t.event.payload) } }),
      }));
    },
    close: () => client.close(),
  };
}

/** The ledger a World of this kind runs on; Fabric's is loaded only when asked for. */
export async function openLedger(kind: LedgerKind): Promise<TestLedger> {
  if (kind === 'embedded') return embeddedLedger();
  const { fabricLedger } = await import('./fabric-ledger.ts');
  return fabricLedger();
}
