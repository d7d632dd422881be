/**
 * Sets up a province on the ledger: initialisation, the Ministry's trust anchor, districts, schools and
 * calendars — what the province's officers and the Ministry do once, in the order the contracts require.
 * Used by the demo and the tests today, and by the gateway's seed.
 */
import * as chaincode from './chaincode.ts';
import { type LedgerClient, LedgerError, type LedgerIdentity } from './client.ts';

export const PROVINCE_MSP = 'DoetMSP';
export const MINISTRY_MSP = 'MoetMSP';

export interface DistrictSpec {
  districtId: string;
  name: string;
  mspId: string;
}

export interface SchoolSpec {
  schoolId: string;
  name: string;
  level: chaincode.School['level'];
  districtId: string;
}

export type CalendarSpec = { schoolYear: string } & chaincode.CalendarWindows;

export interface ProvinceSpec {
  /** PEM of the root CA the Ministry registers as a trust anchor. */
  trustAnchors: string[];
  districts: DistrictSpec[];
  schools: SchoolSpec[];
  calendars: CalendarSpec[];
}

/**
 * Who must endorse (DESIGN.md §5): the province and a district for the chaincode-level policy; the school's
 * own district when the school's head key is written; the Ministry when its key is.
 */
export function endorsers(o: { districtMsp: string; ministry?: boolean }): string[] {
  return [...(o.ministry ? [MINISTRY_MSP] : []), PROVINCE_MSP, o.districtMsp];
}

export async function setUpProvince(
  ledger: LedgerClient,
  ids: { province: LedgerIdentity; ministry: LedgerIdentity },
  spec: ProvinceSpec,
): Promise<void> {
  const anyDistrict = spec.districts[0]?.mspId;
  if (!anyDistrict) throw new Error('a province needs at least one district');
  const asProvince = (districtMsp = anyDistrict) => ({
    identity: ids.province,
    endorsingOrgs: endorsers({ districtMsp }),
  });

  await once(chaincode.initLedger(ledger, asProvince()));
  for (const pem of spec.trustAnchors) {
    await once(
      chaincode.registerTrustAnchor(
        ledger,
        { identity: ids.ministry, endorsingOrgs: endorsers({ districtMsp: anyDistrict, ministry: true }) },
        pem,
      ),
    );
  }
  for (const d of spec.districts) await once(chaincode.registerDistrict(ledger, asProvince(d.mspId), d));
  for (const c of spec.calendars) await chaincode.setCalendar(ledger, asProvince(), c);
  for (const s of spec.schools) {
    const district = spec.districts.find((d) => d.districtId === s.districtId);
    if (!district) throw new Error(`school ${s.schoolId} names an unknown district ${s.districtId}`);
    await once(chaincode.registerSchool(ledger, asProvince(district.mspId), s));
  }
}

/**
 * A set-up step that an earlier, interrupted set-up may have done already: ALREADY_EXISTS is success, so
 * that running the set-up again finishes it.
 */
export async function once(step: Promise<unknown>): Promise<void> {
  try {
    await step;
  } catch (e) {
    if (!(e instanceof LedgerError && e.code === 'ALREADY_EXISTS')) throw e;
  }
}
