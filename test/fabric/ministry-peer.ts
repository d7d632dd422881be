/**
 * The Ministry's copy of the ledger (DESIGN.md §5: its peer commits every block, for audit), read the way an
 * auditor beside that peer would: with an identity of MoetMSP enrolled by the Ministry's own Fabric CA, over
 * the Gateway service of the Ministry's peer (fabric-gateway opens an identity's gateway on a peer of its
 * own organisation). Nothing here goes through the hocba gateway under test.
 *
 * - `evaluate` runs a hocba chaincode query; `transaction` asks qscc for a transaction's block and validity;
 * - `blocks` streams blocks 0…height−1 from the peer's own Deliver service and checks each one as Fabric
 *   chains them: the header's number, its data hash (SHA-256 over the concatenated envelopes) and its
 *   previous hash (SHA-256 of the previous header's ASN.1 DER encoding); it returns each block's
 *   transactions with their id and validation code.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import {
  enrol,
  FabricLedgerClient,
  loadProfile,
  type NetworkProfile,
  validationName,
} from '@hocba/gateway/fabric';
import type { LedgerIdentity } from '@hocba/gateway/ledger';
import { connect, type Gateway } from '@hyperledger/fabric-gateway';
import { common, msp, peer } from '@hyperledger/fabric-protos';

export const MINISTRY_MSP = 'MoetMSP';

export interface BlockTx {
  txId: string;
  /** Fabric's header type: ENDORSER_TRANSACTION, CONFIG… */
  type: string;
  /** Fabric's validation code name: VALID, MVCC_READ_CONFLICT, ENDORSEMENT_POLICY_FAILURE… */
  validation: string;
  /** The MSP ids of the peers that endorsed it (an endorser transaction's first action), sorted. */
  endorsers: string[];
}

export interface ReadBlock {
  number: number;
  txs: BlockTx[];
}

const HEADER_TYPES = new Map<number, string>(
  Object.entries(common.HeaderType).map(([name, n]) => [n as number, name]),
);

/** Who endorsed an endorser transaction: the MSP id of each endorsement of its first action. */
function endorsersOf(payload: common.Payload): string[] {
  const tx = peer.Transaction.deserializeBinary(payload.getData_asU8());
  const action = tx.getActionsList()[0];
  if (!action) return [];
  const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction();
  return (endorsed?.getEndorsementsList() ?? [])
    .map((e) => msp.SerializedIdentity.deserializeBinary(e.getEndorser_asU8()).getMspid())
    .sort();
}

const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

/** ASN.1 DER length octets. */
function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}
const tlv = (tag: number, body: Uint8Array) => new Uint8Array([tag, ...derLength(body.length), ...body]);

/** A non-negative INTEGER's minimal two's-complement content octets. */
function derUnsigned(n: number): Uint8Array {
  const bytes: number[] = [];
  for (let v = BigInt(n); v > 0n; v >>= 8n) bytes.unshift(Number(v & 0xffn));
  if (bytes.length === 0 || bytes[0]! & 0x80) bytes.unshift(0);
  return new Uint8Array(bytes);
}

/**
 * Fabric's block header hash (protoutil.BlockHeaderHash): SHA-256 of the DER encoding of
 * SEQUENCE { INTEGER number, OCTET STRING previousHash, OCTET STRING dataHash }.
 */
export function blockHeaderHash(h: common.BlockHeader): Uint8Array {
  const body = new Uint8Array([
    ...tlv(0x02, derUnsigned(h.getNumber())),
    ...tlv(0x04, h.getPreviousHash_asU8()),
    ...tlv(0x04, h.getDataHash_asU8()),
  ]);
  return sha256(tlv(0x30, body));
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export interface MinistryPeer {
  identity: LedgerIdentity;
  profile: NetworkProfile;
  /** The gateway's own Fabric adapter, with the auditor's identity (for gateway/src/ledger's readers). */
  ledger: FabricLedgerClient;
  /** A hocba chaincode query on the Ministry's peer, its JSON answer parsed. */
  evaluate<T = Record<string, unknown>>(fn: string, args: readonly string[]): Promise<T>;
  /** qscc: the transaction's block and whether it was valid; undefined when the peer does not have it. */
  transaction(txId: string): Promise<{ blockNumber: number; valid: boolean } | undefined>;
  /**
   * Blocks 0…height−1 from the peer's Deliver service, each checked against the one before it; the last
   * one's header hash must be the one the peer reports as its current block's (qscc GetChainInfo).
   */
  blocks(height: number): Promise<ReadBlock[]>;
  /** qscc GetChainInfo: the peer's height and the hash of its current block's header. */
  chainInfo(): Promise<{ height: number; currentBlockHash: string }>;
  close(): Promise<void>;
}

/** Enrols (once) an auditor of the Ministry with the Ministry's CA and connects it to the Ministry's peer. */
export async function openMinistryPeer(dir?: string): Promise<MinistryPeer> {
  const profile = loadProfile(dir);
  const identity = await enrol(profile, MINISTRY_MSP, 'e2e-auditor', { 'hocba.role': 'ministryAuditor' });
  const org = profile.orgs[MINISTRY_MSP]!;
  // The ledger adapter the gateway uses, with our identity: its gateway opens on the Ministry's peer.
  const ledger = new FabricLedgerClient({ profile, eventIdentity: identity });
  const client = new grpc.Client(
    org.peer.endpoint,
    grpc.credentials.createSsl(readFileSync(org.peer.tlsRootCert)),
    { 'grpc.ssl_target_name_override': 'localhost' },
  );
  const gateway: Gateway = connect({
    client,
    identity: { mspId: identity.mspId, credentials: new TextEncoder().encode(identity.certificate) },
    signer: identity.sign!,
  });
  const network = gateway.getNetwork(profile.channel);
  const chainInfo = async () => {
    const info = common.BlockchainInfo.deserializeBinary(
      await network.getContract('qscc').evaluateTransaction('GetChainInfo', profile.channel),
    );
    return { height: info.getHeight(), currentBlockHash: hex(info.getCurrentblockhash_asU8()) };
  };

  return {
    identity,
    profile,
    ledger,
    async evaluate<T>(fn: string, args: readonly string[]) {
      return JSON.parse(await ledger.evaluate(fn, args, identity)) as T;
    },
    transaction: (txId) => ledger.transaction(txId),
    async blocks(height) {
      const out: ReadBlock[] = [];
      if (height <= 0) return out;
      const stream = await network.getBlockEvents({ startBlock: 0n });
      let previous: common.BlockHeader | undefined;
      try {
        for await (const block of stream) {
          const header = block.getHeader()!;
          const n = header.getNumber();
          if (n !== out.length) throw new Error(`the peer delivered block ${n} where ${out.length} was due`);
          const data = block.getData()!.getDataList_asU8();
          const dataHash = sha256(...data);
          if (hex(dataHash) !== hex(header.getDataHash_asU8()))
            throw new Error(`block ${n}: its data hash does not match its transactions`);
          if (previous && hex(header.getPreviousHash_asU8()) !== hex(blockHeaderHash(previous)))
            throw new Error(`block ${n}: its previous hash is not the hash of block ${n - 1}'s header`);
          const filter =
            block.getMetadata()!.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ??
            new Uint8Array();
          const txs = data.map((env, i): BlockTx => {
            const payload = common.Payload.deserializeBinary(
              common.Envelope.deserializeBinary(env).getPayload_asU8(),
            );
            const channelHeader = common.ChannelHeader.deserializeBinary(
              payload.getHeader()!.getChannelHeader_asU8(),
            );
            const type = HEADER_TYPES.get(channelHeader.getType()) ?? `TYPE_${channelHeader.getType()}`;
            const code = filter[i];
            return {
              txId: channelHeader.getTxId(),
              type,
              validation: code === undefined ? 'NONE' : validationName(code),
              endorsers: type === 'ENDORSER_TRANSACTION' ? endorsersOf(payload) : [],
            };
          });
          out.push({ number: n, txs });
          previous = header;
          if (out.length === height) break;
        }
      } finally {
        stream.close();
      }
      const info = await chainInfo();
      if (info.height === height && previous && info.currentBlockHash !== hex(blockHeaderHash(previous)))
        throw new Error(`the peer's current block hash is not the hash of block ${height - 1}'s header`);
      return out;
    },
    chainInfo,
    async close() {
      gateway.close();
      client.close();
      await ledger.close();
    },
  };
}
