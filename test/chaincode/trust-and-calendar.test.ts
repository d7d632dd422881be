// The chaincode suite on the embedded ledger; test/fabric/chaincode-trust-and-calendar.test.ts runs it on Fabric.
import { trustAndCalendarSuite } from './trust-and-calendar.suite.ts';

trustAndCalendarSuite('embedded');
