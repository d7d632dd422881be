/** The hocba chaincode: the contract classes that fabric-chaincode-node and the embedded ledger load. */
import { BatchContract } from './contracts/batch.ts';
import { CalendarContract } from './contracts/calendar.ts';
import { RegistryContract } from './contracts/registry.ts';
import { ReportContract } from './contracts/report.ts';
import { TrustContract } from './contracts/trust.ts';

export { POLICY } from './access.ts';
export { reportRoot } from './contracts/report.ts';
export { BatchContract, CalendarContract, RegistryContract, ReportContract, TrustContract };

export const contracts = [TrustContract, RegistryContract, CalendarContract, BatchContract, ReportContract];
