/**
 * The chaincode suite's ledger on the real Fabric network (network/fabric): a brand-new network per World
 * (`reset`, ~10 s), identities enrolled with each organisation's Fabric CA, the gateway's FabricLedgerClient
 * for submits and reads, and fabric-gateway directly for what a LedgerClient does not do (endorse two
 * transactions, then order them together) and for the blocks (qscc).
 *
 * Fabric reports a commit from one peer (the gateway's); the next endorsement or read may go to another
 * organisation's peer, which may not have committed that block yet and would answer from the state before
 * it. `settle` waits until every peer has the block, so that each case sees one state, as on the embedded
 * ledger (the suite tests the chaincode, not peers that lag by a few milliseconds).
 */
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
import { connect, type Gateway, type Network } from '@hyperledger/fabric-gateway';
import { common, ledger, peer } from '@hyperledger/fabric-protos';
import { reset } from '../fabric/network.ts';
import type { ChainTransaction, TestLedger } from './ledger.ts';

const encoder = new TextEncoder();

/** fabric-gateway connections of our own, one per identity over one gRPC client per peer. */
class Connections {
  private readonly clients = new Map<string, grpc.Client>();
  private readonly gateways = new Map<LedgerIdentity, Gateway>();
  constructor(private readonly profile: NetworkProfile) {}

  network(identity: LedgerIdentity): Network {
    let g = this.gateways.get(identity);
    if (!g) {
      if (!identity.sign) throw new Error(`identity of ${identity.mspId} cannot sign`);
      g = connect({
        client: this.client(identity.mspId),
        identity: { mspId: identity.mspId, credentials: encoder.encode(identity.certificate) },
        signer: identity.sign,
        evaluateOptions: () => ({ deadline: Date.now() + 15_000 }),
        endorseOptions: () => ({ deadline: Date.now() + 15_000 }),
        submitOptions: () => ({ deadline: Date.now() + 15_000 }),
        commitStatusOptions: () => ({ deadline: Date.now() + 15_000 }),
      });
      this.gateways.set(identity, g);
    }
    return g.getNetwork(this.profile.channel);
  }

  private client(mspId: string): grpc.Client {
    let c = this.clients.get(mspId);
    if (!c) {
      const org = this.profile.orgs[mspId];
      if (!org) throw new Error(`the network has no peer for ${mspId}`);
      c = new grpc.Client(org.peer.endpoint, grpc.credentials.createSsl(readFileSync(org.peer.tlsRootCert)), {
        'grpc.ssl_target_name_override': 'localhost',
      });
      this.clients.set(mspId, c);
    }
    return c;
  }

  close(): void {
    for (const g of this.gateways.values()) g.close();
    for (const c of this.clients.values()) c.close();
  }
}

/** A block's endorser transactions: id, validation code, the write sets of every namespace, the event. */
export function decodeBlock(bytes: Uint8Array): ChainTransaction[] {
  const block = common.Block.deserializeBinary(bytes);
  const flags = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER];
  const out: ChainTransaction[] = [];
  block
    .getData()
    ?.getDataList_asU8()
    .forEach((envelopeBytes, i) => {
      const payload = common.Payload.deserializeBinary(
        common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8(),
      );
      const header = common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8());
      if (header.getType() !== common.HeaderType.ENDORSER_TRANSACTION) return;
      const tx: ChainTransaction = {
        txId: header.getTxId(),
        validationCode: validationName(flags?.[i] ?? 255),
        writes: [],
      };
      for (const action of peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()) {
        const ccPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
        const response = peer.ProposalResponsePayload.deserializeBinary(
          ccPayload.getAction()!.getProposalResponsePayload_asU8(),
        );
        const ccAction = peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8());
        const rwset = ledger.rwset.TxReadWriteSet.deserializeBinary(ccAction.getResults_asU8());
        for (const ns of rwset.getNsRwsetList()) {
          const kv = ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8());
          for (const w of kv.getWritesList()) {
            tx.writes.push({ key: w.getKey(), ...(!w.getIsDelete() && { value: w.getValue_asU8() }) });
          }
        }
        const events = ccAction.getEvents_asU8();
        if (events.length > 0) {
          const e = peer.ChaincodeEvent.deserializeBinary(events);
          tx.event = { name: e.getEventName(), payload: e.getPayload_asU8() };
        }
      }
      out.push(tx);
    });
  return out;
}

/**
 * Waits until the Gateway can plan an endorsement by every organisation: right after `up`, the peers are
 * healthy but gossip has not yet told the Gateway of the other organisations' peers ("failed to find any
 * endorsing peers for org(s): MoetMSP"). A read endorsed by all of them, never submitted, is the probe.
 */
async function untilEveryOrgEndorses(network: Network, chaincode: string, orgs: string[]): Promise<void> {
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      await network
        .getContract(chaincode)
        .newProposal('trust:listTrustAnchors', { endorsingOrganizations: orgs })
        .endorse();
      return;
    } catch (e) {
      const text = [
        String(e),
        ...((e as { details?: { message: string }[] }).details ?? []).map((d) => d.message),
      ];
      if (
        !/endorsing peers|no combination of peers|no peers available/i.test(text.join('\n')) ||
        Date.now() > until
      )
        throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

export async function fabricLedger(): Promise<TestLedger> {
  // A fresh ledger, so that the outcomes do not depend on what ran before (the wallet goes with it).
  await reset();
  const profile = loadProfile();
  const conns = new Connections(profile);
  const orgs = Object.keys(profile.orgs);
  // One reader per organisation: qscc on that organisation's own peer (the Fabric Gateway evaluates there).
  // The first one, the Ministry's auditor, may read the chaincode too.
  const readers: LedgerIdentity[] = [];
  for (const mspId of orgs) {
    const attrs: Record<string, string> = mspId === 'MoetMSP' ? { 'hocba.role': 'ministryAuditor' } : {};
    readers.push(await enrol(profile, mspId, 'chaincode-suite-reader', attrs));
  }
  await untilEveryOrgEndorses(conns.network(readers[0]!), profile.chaincode, orgs);
  const client = new FabricLedgerClient({ profile, eventIdentity: readers[0]! });
  const qscc = (who: LedgerIdentity, fn: string, ...args: string[]) =>
    conns
      .network(who)
      .getContract('qscc')
      .evaluateTransaction(fn, profile.channel, ...args);
  const heightOn = async (who: LedgerIdentity) =>
    common.BlockchainInfo.deserializeBinary(await qscc(who, 'GetChainInfo')).getHeight();

  const settle = async (blockNumber: number) => {
    const until = Date.now() + 30_000;
    for (const who of readers) {
      while ((await heightOn(who)) <= blockNumber) {
        if (Date.now() > until)
          throw new Error(`the peer of ${who.mspId} did not commit block ${blockNumber}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  };
  const block = async (n: number) => decodeBlock(await qscc(readers[0]!, 'GetBlockByNumber', String(n)));

  return {
    kind: 'fabric',
    client,
    identity: (mspId, name, attrs) => enrol(profile, mspId, name, attrs),
    settle,
    async submitTogether(requests) {
      const endorsed = [];
      for (const r of requests) {
        const contract = conns.network(r.identity).getContract(profile.chaincode);
        const proposal = contract.newProposal(r.fn, {
          arguments: [...r.args],
          endorsingOrganizations: [...r.endorsingOrgs],
        });
        endorsed.push(await proposal.endorse());
      }
      // One after the other, at once: well within one BatchTimeout (250 ms), so one block in practice.
      const submitted = [];
      for (const t of endorsed) submitted.push(await t.submit());
      const statuses = await Promise.all(submitted.map((s) => s.getStatus()));
      const last = Math.max(...statuses.map((s) => Number(s.blockNumber)));
      await settle(last);
      const position = new Map<string, number>();
      for (const n of new Set(statuses.map((s) => Number(s.blockNumber)))) {
        for (const [i, t] of (await block(n)).entries()) position.set(t.txId, n * 1e6 + i);
      }
      return statuses
        .map((s) => ({
          txId: s.transactionId,
          validationCode: validationName(s.code),
          blockNumber: Number(s.blockNumber),
        }))
        .sort((a, b) => position.get(a.txId)! - position.get(b.txId)!);
    },
    height: () => heightOn(readers[0]!),
    block,
    async close() {
      await client.close();
      conns.close();
    },
  };
}
