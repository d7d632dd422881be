/**
 * Waits until the network can endorse with every organisation, as seen from every organisation's peer.
 *
 * Fabric's Gateway plans endorsements through discovery, which knows a peer of another organisation only
 * once gossip has carried that peer's channel state (ledger height, installed chaincode) to it. On a network
 * a few seconds old, a submission naming a district whose peer is not known yet is refused with "failed
 * to find any endorsing peers for org(s): District2MSP"; the gateway's first start does not retry it and
 * stops with the province half set up on the ledger. So, before the gateway starts: an identity of each
 * organisation (enrolled with its own CA) asks its own peer to endorse a read-only query by all four
 * organisations, without submitting it, until every peer can.
 */
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { enrol, loadProfile } from '@hocba/gateway/fabric';
import { connect } from '@hyperledger/fabric-gateway';
import { until } from './gateway-process.ts';

export async function waitEndorsers(timeoutMs = 60_000): Promise<void> {
  const profile = loadProfile();
  const msps = Object.keys(profile.orgs);
  const probes = await Promise.all(
    msps.map(async (mspId) => {
      const identity = await enrol(profile, mspId, 'e2e-discovery-probe');
      const org = profile.orgs[mspId]!;
      const client = new grpc.Client(
        org.peer.endpoint,
        grpc.credentials.createSsl(readFileSync(org.peer.tlsRootCert)),
        { 'grpc.ssl_target_name_override': 'localhost' },
      );
      const gateway = connect({
        client,
        identity: { mspId, credentials: new TextEncoder().encode(identity.certificate) },
        signer: identity.sign!,
        endorseOptions: () => ({ deadline: Date.now() + 15_000 }),
      });
      const contract = gateway.getNetwork(profile.channel).getContract(profile.chaincode);
      return { mspId, client, gateway, contract };
    }),
  );
  try {
    await until(
      'every peer plans endorsements by every organisation',
      () =>
        Promise.all(
          probes.map(async (p) => {
            try {
              await p.contract
                .newProposal('trust:listTrustAnchors', { endorsingOrganizations: msps })
                .endorse();
              return `${p.mspId}: ok`;
            } catch (e) {
              return `${p.mspId}: ${e instanceof Error ? e.message : String(e)}`;
            }
          }),
        ),
      (answers) => answers.every((a) => a.endsWith(': ok')),
      { timeoutMs, everyMs: 500 },
    );
  } finally {
    for (const p of probes) {
      p.gateway.close();
      p.client.close();
    }
  }
}
