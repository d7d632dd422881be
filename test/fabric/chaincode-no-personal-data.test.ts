// The chaincode suite on the Fabric network (a fresh one); test/chaincode/no-personal-data.test.ts runs it embedded.
import { noPersonalDataSuite } from '../chaincode/no-personal-data.suite.ts';

noPersonalDataSuite('fabric');
