/** The Fabric adapter of the ledger module (`@hocba/gateway/fabric`): the client, its profile and wallet. */
export {
  FabricLedgerClient,
  type FabricLedgerOptions,
  type FabricProfile,
  toLedgerError,
  validationName,
} from './ledger/fabric.ts';
export {
  enrol,
  FabricNotRunning,
  fabricDir,
  fabricIdentities,
  loadProfile,
  type NetworkProfile,
  walletIdentity,
} from './ledger/fabric-wallet.ts';
