// The chaincode suite on the Fabric network (a fresh one); test/chaincode/checks.test.ts runs it embedded.
import { checksSuite } from '../chaincode/checks.suite.ts';

checksSuite('fabric');
