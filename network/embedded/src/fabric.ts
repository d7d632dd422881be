/**
 * The one place that reaches into Fabric's Node runtime (fabric-shim 2.5, CommonJS). Everything else in
 * this package talks to the typed facades below.
 *
 * fabric-shim's own dependencies (long, @hyperledger/fabric-protos, fabric-contract-api) are resolved from
 * fabric-shim's location, so that we use the very module instances it uses: the Long of getTxTimestamp()
 * and the Contract class that ChaincodeFromContract checks contracts against.
 *
 * Each is required at its first use, not when this package is imported: a gateway on Fabric or one that
 * only imports the gateway's services (the lock's process) never runs the embedded ledger, and fabric-shim
 * with its protobufs and gRPC is ~50 MB resident under tsx (issue 16).
 */
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);
const requireFromShim = createRequire(requireHere.resolve('fabric-shim'));

/** `load()` once, at the first call. */
function lazy<T>(load: () => T): () => T {
  let value: T | undefined;
  let loaded = false;
  return () => {
    if (!loaded) {
      value = load();
      loaded = true;
    }
    return value as T;
  };
}

/** What fabric-shim's Shim.success / Shim.error return, and what the peer reads from the chaincode. */
export interface ShimResponse {
  status: number;
  message?: string;
  payload?: Uint8Array;
}

/** fabric-shim's ChaincodeInterface as ChaincodeFromContract implements it. */
export interface ChaincodeInterface {
  Invoke(stub: unknown): Promise<ShimResponse>;
}

/** A contract class: fabric-contract-api instantiates it with no arguments. */
// biome-ignore lint/suspicious/noExplicitAny: contract constructors are user classes of any shape.
export type ContractClass = new (...args: any[]) => object;

interface Serializers {
  transaction: string;
  serializers: Record<string, unknown>;
}

type ChaincodeFromContractCtor = new (
  contracts: ContractClass[],
  serializers: Serializers,
  metadata: object,
  title: string,
  version: string,
) => ChaincodeInterface;

const chaincodeFromContract = lazy(
  () => requireFromShim('./lib/contract-spi/chaincodefromcontract.js') as ChaincodeFromContractCtor,
);
const jsonSerializer = lazy(
  () => (requireFromShim('fabric-contract-api') as { JSONSerializer: unknown }).JSONSerializer,
);

/**
 * Builds the chaincode exactly as fabric-chaincode-node's bootstrap does (lib/contract-spi/bootstrap.js):
 * the default JSON serializer, no META-INF metadata (introspection from the decorators), title and version.
 * The contracts array is copied because ChaincodeFromContract appends its SystemContract to it.
 */
export function chaincodeFromContracts(
  contracts: readonly ContractClass[],
  title: string,
  version = '',
): ChaincodeInterface {
  const serializers: Serializers = {
    transaction: 'jsonSerializer',
    serializers: { jsonSerializer: jsonSerializer() },
  };
  const ChaincodeFromContract = chaincodeFromContract();
  return new ChaincodeFromContract([...contracts], serializers, {}, title, version);
}

/** long.js, as fabric-shim returns it in getTxTimestamp().seconds. */
export interface LongValue {
  toNumber(): number;
}
const long = lazy(() => requireFromShim('long') as { fromNumber(n: number, unsigned?: boolean): LongValue });
export const unsignedLong = (n: number): LongValue => long().fromNumber(n, true);

/** fabric-shim's composite-key codec, borrowed from ChaincodeStub.prototype: it needs no handler. */
interface CompositeKeyCodec {
  createCompositeKey(objectType: string, attributes: string[]): string;
  splitCompositeKey(compositeKey: string): { objectType: string | null; attributes: string[] };
}
const shimStub = lazy(
  () =>
    (requireFromShim('./lib/chaincode.js') as { ChaincodeStub: { prototype: CompositeKeyCodec } })
      .ChaincodeStub,
);
export const createCompositeKey = (objectType: string, attributes: string[]): string =>
  shimStub().prototype.createCompositeKey.call(undefined, objectType, attributes);
export const splitCompositeKey = (key: string): { objectType: string | null; attributes: string[] } =>
  shimStub().prototype.splitCompositeKey.call(undefined, key);

/** The protobuf classes needed to read a key-level policy (a SignaturePolicyEnvelope). */
interface SignaturePolicyPb {
  getTypeCase(): number;
  getSignedBy(): number;
  getNOutOf(): { getN(): number; getRulesList(): SignaturePolicyPb[] } | undefined;
}
interface Protos {
  common: {
    SignaturePolicyEnvelope: {
      deserializeBinary(b: Uint8Array): {
        getRule(): SignaturePolicyPb | undefined;
        getIdentitiesList(): Array<{ getPrincipalClassification(): number; getPrincipal_asU8(): Uint8Array }>;
      };
    };
    SignaturePolicy: { TypeCase: { SIGNED_BY: number; N_OUT_OF: number } };
  };
  msp: {
    MSPPrincipal: { Classification: { ROLE: number } };
    MSPRole: {
      deserializeBinary(b: Uint8Array): { getMspIdentifier(): string; getRole(): number };
      MSPRoleType: { MEMBER: number; ADMIN: number; CLIENT: number; PEER: number; ORDERER: number };
    };
  };
}
const loadProtos = lazy(() => requireFromShim('@hyperledger/fabric-protos') as Protos);
/** The protobuf classes, required at the first read of a policy. */
export const protos: Protos = {
  get common() {
    return loadProtos().common;
  },
  get msp() {
    return loadProtos().msp;
  },
};
