// The chaincode suite on the Fabric network (a fresh one); test/chaincode/contracts.test.ts runs it embedded.
import { contractsSuite } from '../chaincode/contracts.suite.ts';

contractsSuite('fabric');
