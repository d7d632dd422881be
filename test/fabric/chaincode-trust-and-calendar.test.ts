// The chaincode suite on the Fabric network (a fresh one); test/chaincode/trust-and-calendar.test.ts runs it embedded.
import { trustAndCalendarSuite } from '../chaincode/trust-and-calendar.suite.ts';

trustAndCalendarSuite('fabric');
