// The chaincode suite on the embedded ledger; test/fabric/chaincode-checks.test.ts runs it on Fabric.
import { checksSuite } from './checks.suite.ts';

checksSuite('embedded');
