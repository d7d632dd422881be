// The chaincode suite on the embedded ledger; test/fabric/chaincode-no-personal-data.test.ts runs it on Fabric.
import { noPersonalDataSuite } from './no-personal-data.suite.ts';

noPersonalDataSuite('embedded');
