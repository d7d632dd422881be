/**
 * The client identities the gateway submits with (DESIGN.md §5 "Who submits"). The province runs the
 * gateway and its CA: it holds, per school, an identity with that school's principal attributes (the
 * chaincode authorizes anchors, revocations and recalls by role and school), per district an officer's
 * identity issued by that district's CA (acceptance), and the province's and the Ministry's. Each
 * submission is endorsed by the province and the district the school belongs to.
 *
 * Which identity acts is decided here, once, from the object acted on; who may ask for the action is the
 * gateway's policy table (auth/policy.ts), checked before anything is submitted.
 */
import type { LedgerIdentity } from './client.ts';
import { endorsers } from './province.ts';

export interface LedgerIdentities {
  /** Read-only: verification never submits. */
  reader: LedgerIdentity;
  province: LedgerIdentity;
  ministry: LedgerIdentity;
  /** The identity that acts for a school's principal (anchor, revoke, recall). */
  principal(schoolId: string): LedgerIdentity;
  /** The identity that acts for a district's officers (acceptance). */
  districtOfficer(districtId: string): LedgerIdentity;
  /** The organisations that endorse a write to a school's keys: the province and the school's district. */
  endorsersForSchool(schoolId: string, o?: { ministry?: boolean }): string[];
  /** The organisations that endorse a district's act: the province and that district. */
  endorsersForDistrict(districtId: string, o?: { ministry?: boolean }): string[];
}

export class UnknownIdentity extends Error {
  override readonly name = 'UnknownIdentity';
}

export interface StaticIdentitiesInput {
  reader: LedgerIdentity;
  province: LedgerIdentity;
  ministry: LedgerIdentity;
  principals: Readonly<Record<string, LedgerIdentity>>;
  districtOfficers: Readonly<Record<string, LedgerIdentity>>;
  /** districtId → the MSP of its peers. */
  districtMsps: Readonly<Record<string, string>>;
  /** schoolId → districtId. */
  schoolDistricts: Readonly<Record<string, string>>;
}

/** Identities from fixed maps (the development province, tests); a school or district not listed throws. */
export function staticIdentities(i: StaticIdentitiesInput): LedgerIdentities {
  const get = <T>(map: Readonly<Record<string, T>>, key: string, what: string): T => {
    if (!Object.hasOwn(map, key)) throw new UnknownIdentity(`no ledger identity for ${what} ${key}`);
    return map[key]!;
  };
  const districtMsp = (districtId: string) => get(i.districtMsps, districtId, 'district');
  return {
    reader: i.reader,
    province: i.province,
    ministry: i.ministry,
    principal: (schoolId) => get(i.principals, schoolId, 'school'),
    districtOfficer: (districtId) => get(i.districtOfficers, districtId, 'district'),
    endorsersForSchool: (schoolId, o = {}) =>
      endorsers({ districtMsp: districtMsp(get(i.schoolDistricts, schoolId, 'school')), ...o }),
    endorsersForDistrict: (districtId, o = {}) => endorsers({ districtMsp: districtMsp(districtId), ...o }),
  };
}
