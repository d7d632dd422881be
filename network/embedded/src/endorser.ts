/**
 * Endorsement: each endorsing organisation's peer simulates the proposal on the same snapshot, and the
 * responses must be identical, as the gateway requires before it builds a transaction ("ProposalResponse
 * Payloads do not match"). A chaincode that reads the clock or getMspID() into its result fails here as it
 * would on Fabric. Dispatch is fabric-shim's own ChaincodeFromContract; only the stub is ours.
 */
import { bytesToJson, rwsetToJson } from './block.ts';
import { EndorseError } from './errors.ts';
import type { ChaincodeInterface, ShimResponse } from './fabric.ts';
import type { RWSet } from './rwset.ts';
import type { WorldState } from './state.ts';
import { type ChaincodeEventData, EmbeddedStub, type Proposal } from './stub.ts';

/** fabric-shim's ChaincodeStub.RESPONSE_CODE.ERRORTHRESHOLD: the endorser refuses any status from 400. */
const ERROR_THRESHOLD = 400;

export interface Simulation {
  response: ShimResponse;
  rwset: RWSet;
  event: ChaincodeEventData | undefined;
}

export interface Endorsement {
  proposal: Proposal;
  /** The organisations whose peers endorsed, each once. */
  endorsers: string[];
  simulation: Simulation;
}

export async function simulate(
  chaincode: ChaincodeInterface,
  proposal: Proposal,
  peerMspId: string,
  state: WorldState,
  snapshot: number,
): Promise<Simulation> {
  const stub = new EmbeddedStub(proposal, peerMspId, state, snapshot);
  let response: ShimResponse;
  try {
    response = await chaincode.Invoke(stub);
  } catch (e) {
    // ChaincodeFromContract turns contract errors into responses; this catches failures of its own.
    response = { status: 500, message: (e as Error).message };
  } finally {
    stub.finish();
  }
  return { response, rwset: stub.rwset.build(), event: stub.event };
}

/** Throws the chaincode's refusal as an EndorseError. */
export function acceptResponse(s: Simulation, txId: string): void {
  const { status, message } = s.response;
  if (status >= ERROR_THRESHOLD) {
    throw new EndorseError(message || `chaincode response ${status}`, txId, status);
  }
}

export async function endorse(
  chaincode: ChaincodeInterface,
  proposal: Proposal,
  endorsingOrgs: readonly string[],
  state: WorldState,
  snapshot: number,
): Promise<Endorsement> {
  const endorsers = [...new Set(endorsingOrgs)];
  if (endorsers.length === 0) throw new EndorseError('no endorsing organisation was given', proposal.txId);
  let first: { simulation: Simulation; fingerprint: string } | undefined;
  for (const org of endorsers) {
    const simulation = await simulate(chaincode, proposal, org, state, snapshot);
    acceptResponse(simulation, proposal.txId);
    const fingerprint = fingerprintOf(simulation);
    if (!first) first = { simulation, fingerprint };
    else if (fingerprint !== first.fingerprint) {
      throw new EndorseError('ProposalResponsePayloads do not match', proposal.txId);
    }
  }
  return { proposal, endorsers, simulation: (first as { simulation: Simulation }).simulation };
}

const fingerprintOf = (s: Simulation): string =>
  JSON.stringify({
    status: s.response.status,
    message: s.response.message ?? '',
    payload: bytesToJson(s.response.payload ?? new Uint8Array()),
    rwset: rwsetToJson(s.rwset),
    event: s.event ? { name: s.event.name, payload: bytesToJson(s.event.payload) } : null,
  });
