// The chaincode suite on the embedded ledger; test/fabric/chaincode-contracts.test.ts runs it on Fabric.
import { contractsSuite } from './contracts.suite.ts';

contractsSuite('embedded');
