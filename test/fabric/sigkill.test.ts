/**
 * The gateway SIGKILLed after the ledger committed an anchor and before the database recorded it, on the
 * real network (issue 11 point 4): the crash scenario of gateway/test/process/crash.ts with LEDGER=fabric.
 * The anchors of the batch are counted on the Ministry's peer (every valid BatchAnchored in every block).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { openDatabase } from '@hocba/db';
import { crashScenario } from '@hocba/gateway/testing/process/crash.ts';
import { killLeftovers } from '@hocba/gateway/testing/process/server.ts';
import { connect, type Gateway } from '@hyperledger/fabric-gateway';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { decodeBlock } from '../chaincode/fabric-ledger.ts';
import { ensurePortalBuilt } from './gateway-process.ts';
import { MINISTRY_MSP, type MinistryPeer, openMinistryPeer } from './ministry-peer.ts';
import * as network from './network.ts';

let dir: string;
let ministry: MinistryPeer;
let gateway: Gateway;
let client: grpc.Client;

beforeAll(async () => {
  ensurePortalBuilt();
  await network.reset();
  ministry = await openMinistryPeer();
  const peer = ministry.profile.orgs[MINISTRY_MSP]!.peer;
  client = new grpc.Client(peer.endpoint, grpc.credentials.createSsl(readFileSync(peer.tlsRootCert)), {
    'grpc.ssl_target_name_override': 'localhost',
  });
  gateway = connect({
    client,
    identity: { mspId: MINISTRY_MSP, credentials: new TextEncoder().encode(ministry.identity.certificate) },
    signer: ministry.identity.sign!,
  });
  dir = mkdtempSync(join(tmpdir(), 'hocba-sigkill-fabric-'));
}, 300_000);

afterAll(async () => {
  killLeftovers();
  gateway?.close();
  client?.close();
  await ministry?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The transactions that anchored `batchId`, read block by block on the Ministry's peer (qscc). */
async function anchorsOnChain(batchId: string): Promise<string[]> {
  const qscc = gateway.getNetwork(ministry.profile.channel).getContract('qscc');
  const { height } = await ministry.chainInfo();
  const txIds: string[] = [];
  for (let n = 0; n < height; n++) {
    const bytes = await qscc.evaluateTransaction('GetBlockByNumber', ministry.profile.channel, String(n));
    for (const t of decodeBlock(bytes))
      if (t.validationCode === 'VALID' && t.event?.name === 'BatchAnchored') {
        const payload = JSON.parse(new TextDecoder().decode(t.event.payload)) as { batchId: string };
        if (payload.batchId === batchId) txIds.push(t.txId);
      }
  }
  return txIds;
}

describe('a gateway SIGKILLed between the Fabric commit and its own, on PGlite', () => {
  it('restarts to exactly one anchor on the chain and a consistent database', async () => {
    const env: Record<string, string> = {
      LEDGER: 'fabric',
      HOCBA_DATA_DIR: dir,
      ANCHOR_INTERVAL_MS: '200',
      CORE_CHAINCODE_LOGGING_LEVEL: 'error',
    };
    for (const k of ['HOCBA_FABRIC_DIR', 'HOCBA_FABRIC_PORT_OFFSET', 'HOCBA_CACHE_DIR'])
      if (process.env[k]) env[k] = process.env[k]!;
    await crashScenario(env, () => openDatabase({ dataDir: join(dir, 'pglite-fabric') }), anchorsOnChain);
  }, 600_000);
});
