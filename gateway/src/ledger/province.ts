/**
 * Sets up a province on the ledger: initialisation, the Ministry's trust anchor, districts, schools and
 * calendars — what the province's officers and the Ministry do once, in the order the contracts require.
 * Used by the demo and the tests today, and by the gateway's seed.
 */
import type { LedgerClient, LedgerIdentity } from './client.ts';

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
  level: 'TH' | 'THCS' | 'THPT' | 'GDTX';
  districtId: string;
}

export interface CalendarSpec {
  schoolYear: string;
  lockFrom: string;
  lockUntil: string;
  acceptanceDeadline: string;
  reportDeadline: string;
  supplementaryDeadline: string;
  replacementFrom: string;
  replacementUntil: string;
}

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
  const asProvince = (fn: string, args: string[], districtMsp = anyDistrict) =>
    ledger.submit(fn, args, { identity: ids.province, endorsingOrgs: endorsers({ districtMsp }) });

  await asProvince('trust:initLedger', []);
  for (const pem of spec.trustAnchors) {
    await ledger.submit('trust:registerTrustAnchor', [pem], {
      identity: ids.ministry,
      endorsingOrgs: endorsers({ districtMsp: anyDistrict, ministry: true }),
    });
  }
  for (const d of spec.districts)
    await asProvince('registry:registerDistrict', [d.districtId, d.name, d.mspId], d.mspId);
  for (const c of spec.calendars) {
    const { schoolYear, ...windows } = c;
    await asProvince('calendar:setCalendar', [schoolYear, JSON.stringify(windows)]);
  }
  for (const s of spec.schools) {
    const district = spec.districts.find((d) => d.districtId === s.districtId);
    if (!district) throw new Error(`school ${s.schoolId} names an unknown district ${s.districtId}`);
    await asProvince('registry:registerSchool', [s.schoolId, s.name, s.level, s.districtId], district.mspId);
  }
}
