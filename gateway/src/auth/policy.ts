/**
 * The policy table: for each permission, which roles may act and in which scope relation to the object.
 * It is the one place that says who may do what (issue 6, point 3); routes name a permission in their
 * config, the auth plugin refuses a role the table does not list, and the route checks the relation with
 * `authorize` once it knows the object's school, class or student. The test suite walks this table to
 * build the authorization matrix, so a change here is a change to the tested behaviour.
 *
 * Sources: seed 001 Art. 9 (the principal approves and signs; a deputy accesses what the principal
 * assigns; teachers only their own tasks; students look up their own record), Art. 15 (correction:
 * request, check, approval, update and re-signing), DESIGN.md §7 (lifecycle) and §5 (district
 * acceptance, the province's yearly report, the Ministry's acknowledgement).
 */
import { ApiError } from '../http-errors.ts';
import { type Principal, ROLE_SCOPES, type Role, type ScopeColumn, type Target } from './principal.ts';

/**
 * How the object must relate to one of the caller's grants. Each relation compares the columns it names:
 * all of them must be set on both sides and equal.
 */
export const RELATIONS = {
  any: [],
  province: ['provinceId'],
  district: ['districtId'],
  school: ['schoolId'],
  class: ['classId'],
  /** A subject teacher's own subject in their own class. */
  classSubject: ['classId', 'subject'],
  /** A subject group's own subject across its school. */
  schoolSubject: ['schoolId', 'subject'],
  /** A student's (or guardian's) own record. */
  student: ['studentId'],
} as const satisfies Record<string, readonly ScopeColumn[]>;
export type Relation = keyof typeof RELATIONS;

type Rule = Partial<Record<Role, Relation>>;

/** Every school-level role that reads its own school's records. */
const schoolReaders = {
  subjectTeacher: 'class',
  homeroomTeacher: 'class',
  subjectGroup: 'school',
  principal: 'school',
  deputyPrincipal: 'school',
  schoolAdmin: 'school',
  districtOfficer: 'district',
  provinceOfficer: 'province',
  ministryAuditor: 'any',
} as const satisfies Rule;

export const POLICY = {
  /** Read full records (with biography) in one's remit. */
  'records.read': schoolReaders,
  /**
   * The student's biography inside a record (sensitive, Decree 13/2023): the staff who keep the record —
   * the homeroom teacher, the school's leaders and administrator — not subject teachers or the tiers above.
   */
  'records.biography.read': {
    homeroomTeacher: 'class',
    principal: 'school',
    deputyPrincipal: 'school',
    schoolAdmin: 'school',
  },
  /** Draw up version 1 of an enrolment's record (it is issued its lookup code then). */
  'records.create': { homeroomTeacher: 'class', principal: 'school', schoolAdmin: 'school' },
  /** A student or guardian reads their own record. */
  'records.own.read': { student: 'student', guardian: 'student' },
  /** Enter results: each subject by its teacher; conduct and comments by the homeroom teacher. */
  'records.enter': { subjectTeacher: 'classSubject', homeroomTeacher: 'class' },
  /** The homeroom part of a whole class at once (PUT /v1/classes/:classId/homeroom): its homeroom teacher. */
  'records.enter.homeroom': { homeroomTeacher: 'class' },
  /** Review by the homeroom teacher. */
  'records.review': { homeroomTeacher: 'class' },
  /** Confirmation by the subject group, where one is used. */
  'records.confirm': { subjectGroup: 'schoolSubject' },
  /** Approval is the principal's (Art. 9.1); a deputy's delegation is not modelled yet, so not granted. */
  'records.approve': { principal: 'school' },
  /** Editing windows, frozen and unfrozen by the school admin (or the principal). */
  'windows.freeze': { schoolAdmin: 'school', principal: 'school' },
  /** Assemble the batch of locked records. */
  'batches.lock': { principal: 'school', schoolAdmin: 'school' },
  /**
   * The list of batches (issue 14): the school's own leaders and administrator, and the tiers that accept,
   * report and audit them, each within their remit (the route filters by it).
   */
  'batches.list': {
    principal: 'school',
    schoolAdmin: 'school',
    districtOfficer: 'district',
    provinceOfficer: 'province',
    ministryAuditor: 'any',
  },
  /**
   * Counts of batches and records and what waits for whom (issue 14): the same readers as the batch list,
   * each within their remit (seed 000 Điều 4.3c: the district follows and accepts its schools' batches;
   * Điều 6.1b, 7.3: the district and the province follow and report their schools; the school its own).
   */
  'oversight.read': {
    principal: 'school',
    schoolAdmin: 'school',
    districtOfficer: 'district',
    provinceOfficer: 'province',
    ministryAuditor: 'any',
  },
  /** Signing the manifest is the principal's (Art. 9.1). */
  'batches.sign': { principal: 'school' },
  /** District acceptance (by 30/6). */
  'batches.accept': { districtOfficer: 'district' },
  /**
   * A batch checked again against the ledger before it is accepted (seed 000 Điều 4 khoản 3c: the district
   * "kiểm tra đối chiếu, tiếp nhận"): the accepting district, and the province and Ministry above it.
   */
  'batches.verify': { districtOfficer: 'district', provinceOfficer: 'province', ministryAuditor: 'any' },
  /** A school asks to recall its batch; the province decides. */
  'batches.recall': { principal: 'school', provinceOfficer: 'province' },
  /** Correction request (Art. 15 step 2) by whoever found the error in their remit. */
  'corrections.request': {
    subjectTeacher: 'classSubject',
    homeroomTeacher: 'class',
    principal: 'school',
    schoolAdmin: 'school',
  },
  /** Check (step 3) by the subject group or the school admin. */
  'corrections.check': { subjectGroup: 'schoolSubject', schoolAdmin: 'school', principal: 'school' },
  /** Approval (step 4) by the principal. */
  'corrections.approve': { principal: 'school' },
  /** The province allows a school to revoke, recall or replace a batch (seed 000 Art. 6 §c). */
  'permissions.grant': { provinceOfficer: 'province' },
  /** Revoke one record: the principal, with the province's permission on the ledger. */
  'records.revoke': { principal: 'school' },
  /** Transfer: the receiving school's principal accepts custody. */
  'transfers.manage': { principal: 'school', schoolAdmin: 'school' },
  /** The province's yearly report to the Ministry (by 10/7). */
  'reports.submit': { provinceOfficer: 'province' },
  /** The Ministry's acknowledgement of the report. */
  'reports.acknowledge': { ministryAuditor: 'any' },
  /** The year's reports and what a report now would hold: the province that sends them, the Ministry. */
  'reports.read': { provinceOfficer: 'province', ministryAuditor: 'any' },
  /**
   * Statistics of the year's records (seed 000 Điều 6.1b: the district reports to the province; 7.3–7.4:
   * the province collects and reports to the Ministry): each tier within its remit, the principal their school.
   */
  'statistics.read': {
    principal: 'school',
    districtOfficer: 'district',
    provinceOfficer: 'province',
    ministryAuditor: 'any',
  },
  /** Accounts and grants in one's own tier. */
  'users.manage': { schoolAdmin: 'school', districtOfficer: 'district', provinceOfficer: 'province' },
  /** The principal assigns the school's deputies (Art. 9: a deputy accesses what the principal assigns). */
  'deputies.assign': { principal: 'school' },
  /** The audit log. */
  'audit.read': {
    principal: 'school',
    districtOfficer: 'district',
    provinceOfficer: 'province',
    ministryAuditor: 'any',
  },
  /**
   * The access log (who read which record or class, and the public lookups; seed 000 Điều 3.2): the
   * Ministry's auditor everywhere, a province officer within their province.
   */
  'accessLog.read': { provinceOfficer: 'province', ministryAuditor: 'any' },
  /**
   * The audit reconciliation of the database with the ledger (issue 14; seed 000 Điều 12.1: every step is
   * inspected and supervised by the Ministry and the province; Điều 4.3d: the province's database is the root
   * one): the Ministry's auditor anywhere, a province's officer over their province; both read past runs.
   */
  'reconciliations.run': { provinceOfficer: 'province', ministryAuditor: 'any' },
  'reconciliations.read': { provinceOfficer: 'province', ministryAuditor: 'any' },
  /** Bulk verification by institutions with client credentials. */
  'verify.bulk': { verifier: 'any' },
  /**
   * Issue a học bạ as a PDF (full, or an extract) for the school (seed 000 §4.1f, 4.5a; seed 001 Art. 13):
   * the school's leaders and its administrator, who keep its records and may read the biography the full
   * học bạ shows — not teachers, whose remit is entry, nor the tiers above, who read but do not issue.
   */
  'documents.issue': { principal: 'school', deputyPrincipal: 'school', schoolAdmin: 'school' },
  /** The holder (student or guardian) downloads their own disclosure as a PDF. */
  'documents.own.issue': { student: 'student', guardian: 'student' },
  /**
   * The school registers its principal's certificate (seed 000 Điều 8.5: the principal sends the unit's
   * certificate for registration; Điều 11.2e: the system administrator declares it; Điều 4.3b: the province
   * approves it) — the chaincode's registerCertificate allows the same two roles of that school.
   */
  'certificates.register': { principal: 'school', schoolAdmin: 'school' },
  /** A school's certificates and whether the province approved them: its leaders and the tiers above. */
  'certificates.read': {
    principal: 'school',
    deputyPrincipal: 'school',
    schoolAdmin: 'school',
    districtOfficer: 'district',
    provinceOfficer: 'province',
    ministryAuditor: 'any',
  },
  /** The province approves a school's certificate (seed 000 Điều 4.3b; chaincode approveCertificate). */
  'certificates.approve': { provinceOfficer: 'province' },
  /**
   * Issue 14, the province's registry (engineer C). The province approves and revokes principals'
   * certificates (seed 000 Điều 4.3b): it lists its schools' certificates by status; the Ministry audits.
   */
  'certificates.list': { provinceOfficer: 'province', ministryAuditor: 'any' },
  /** Revocation of a principal's certificate (Điều 4.3b; chaincode revokeCertificate). */
  'certificates.revoke': { provinceOfficer: 'province' },
  /** The permissions the province gave (Điều 6.c): the province, and the Ministry that audits it. */
  'permissions.read': { provinceOfficer: 'province', ministryAuditor: 'any' },
  /** The province sets the year's windows on the ledger (Điều 4.3: 30/6, 10/7, 15/8). */
  'calendars.set': { provinceOfficer: 'province' },
  /**
   * The province runs the network and its root database (Điều 4.3a: it manages the schools' data of the
   * province): it registers districts and schools and moves a school between districts; the Ministry reads.
   */
  'registry.read': { provinceOfficer: 'province', ministryAuditor: 'any' },
  'registry.manage': { provinceOfficer: 'province' },
  /**
   * The root CAs a signer's certificate must chain to (DESIGN.md §5: the Ministry registers trust anchors):
   * the Ministry keeps them, the province reads them (it approves certificates against them).
   */
  'trustAnchors.read': { provinceOfficer: 'any', ministryAuditor: 'any' },
  'trustAnchors.manage': { ministryAuditor: 'any' },
  /**
   * Pupils and their class lists (issue 13): create a pupil, enrol them, import a class list. The homeroom
   * teacher keeps their class's list (seed 000 Điều 9.1: "cập nhật danh sách và sơ yếu lý lịch học sinh");
   * the school admin enters each year's initial data as the principal assigns (Điều 11.2đ); the principal
   * runs the school's học bạ (Điều 8.2).
   */
  'students.manage': { homeroomTeacher: 'class', principal: 'school', schoolAdmin: 'school' },
  /** A blank import template (headers only, nothing of any school): the staff who import. */
  'imports.template': {
    subjectTeacher: 'any',
    homeroomTeacher: 'any',
    principal: 'any',
    schoolAdmin: 'any',
  },
  /**
   * Update a biography (sensitive, Decree 13/2023): the homeroom teacher's job (Điều 9.1) and the school
   * admin's when assigned (Điều 11.2đ); not teachers of a subject, not the tiers above.
   */
  'students.biography.write': { homeroomTeacher: 'class', schoolAdmin: 'school' },
  /**
   * A class list (name, date of birth, sex, student code: what a teacher recognises a pupil by): the
   * school's staff who teach, keep or run the class — not the tiers above, who read records, not lists.
   */
  'students.list': {
    subjectTeacher: 'class',
    homeroomTeacher: 'class',
    subjectGroup: 'school',
    principal: 'school',
    deputyPrincipal: 'school',
    schoolAdmin: 'school',
  },
  /** Search the whole school's pupils (by name, date of birth, mã định danh): its leaders and admin. */
  'students.search': { principal: 'school', deputyPrincipal: 'school', schoolAdmin: 'school' },
  /**
   * The whole school's classes and where their records stand (seed 001 Art. 9: the principal directs the
   * school's records; the deputy as assigned; the subject group confirms across the school), and the tiers
   * that oversee the school. A teacher follows their own classes through the class's records.
   */
  'classes.overview': {
    subjectGroup: 'school',
    principal: 'school',
    deputyPrincipal: 'school',
    schoolAdmin: 'school',
    districtOfficer: 'district',
    provinceOfficer: 'province',
    ministryAuditor: 'any',
  },
  /**
   * One's own notifications (seed 000 Điều 11.1: the times data is unlocked are announced; issue 14 also
   * tells who a batch, correction or deadline waits for): every staff role; the routes read and mark only
   * the caller's own rows, so no scope relation is compared.
   */
  'notifications.own': {
    subjectTeacher: 'any',
    homeroomTeacher: 'any',
    subjectGroup: 'any',
    principal: 'any',
    deputyPrincipal: 'any',
    schoolAdmin: 'any',
    districtOfficer: 'any',
    provinceOfficer: 'any',
    ministryAuditor: 'any',
  },
  /**
   * The year's calendar (seed 000 Điều 4 khoản 3: the province sets the windows every school works to): every
   * staff role reads it, as it binds them all; it holds no one's data.
   */
  'calendars.read': {
    subjectTeacher: 'any',
    homeroomTeacher: 'any',
    subjectGroup: 'any',
    principal: 'any',
    deputyPrincipal: 'any',
    schoolAdmin: 'any',
    districtOfficer: 'any',
    provinceOfficer: 'any',
    ministryAuditor: 'any',
  },
  /**
   * Progress of the year against the calendar (seed 000 Điều 4 khoản 3: the district accepts its schools'
   * batches by 30/6, the province reports by 10/7; Điều 6.1b, 7.3: they follow and report their schools):
   * each tier over its own remit.
   */
  'progress.read': { districtOfficer: 'district', provinceOfficer: 'province', ministryAuditor: 'any' },
} as const satisfies Record<string, Rule>;

/**
 * The routes that need no access token (`permission: 'public'`), each with what stands in for one. Every
 * other route names a permission of POLICY; the route matrix checks that the app's public routes are
 * exactly these (keyed `METHOD url`, HEAD as its GET), besides the OpenAPI pages under /docs.
 */
export const PUBLIC_ROUTES = {
  'GET /health': 'liveness only, nothing of any record',
  'OPTIONS *': "CORS preflight (the browser's, before it sends a token)",
  'GET /': 'the lookup portal page',
  'GET /:lookupCode': 'the lookup portal page for a printed code',
  'GET /assets/*': "the portal's static files",
  'GET /console': "the school console's page (its data comes from the API with the person's token)",
  'GET /console/*': "the school console's page, at any of its paths",
  'GET /console/assets/*': "the console's static files",
  'GET /trust-anchors.json': 'the trusted root certificates a verifier checks bundles against',
  'GET /v1/verify/:lookupCode': 'the lookup code and the date of birth (rate-limited per address)',
  'POST /v1/verify/bundle': 'the bundle carries its own proofs (rate-limited per address)',
  'GET /v1/verify/ledger/:batchId/:leafIndex':
    'what the ledger holds of one record: hashes, ids, status facts, roots; nothing personal (rate-limited)',
  'POST /v1/auth/login': 'the password (guesses limited per login name)',
  'POST /v1/auth/token': "a verifier client's secret (guesses limited per client id)",
  'POST /v1/auth/refresh': 'the refresh token itself: single use, rotated, its reuse revokes its login',
  'POST /v1/auth/logout': 'the refresh token itself',
} as const;

export type Permission = keyof typeof POLICY;
/** What a route declares: a permission from the table, or `public` (no token needed). */
export type RoutePermission = Permission | 'public';

export const PERMISSIONS = Object.keys(POLICY) as Permission[];

export const isPermission = (p: unknown): p is Permission =>
  typeof p === 'string' && Object.hasOwn(POLICY, p);

/** The relation the table gives `role` for `permission`, or undefined when the role may not act at all. */
export function relationFor(permission: Permission, role: Role): Relation | undefined {
  const rule: Rule = POLICY[permission];
  return Object.hasOwn(rule, role) ? rule[role] : undefined;
}

/** The step the auth hook takes before the object is known: is the role listed for the permission? */
export function authorizeRole(user: Principal, permission: Permission): Relation {
  const relation = relationFor(permission, user.role);
  if (!relation) throw new ApiError('FORBIDDEN');
  return relation;
}

/** True when one of the caller's grants covers the target under `relation`. */
export function inScope(user: Principal, relation: Relation, target: Target): boolean {
  const columns: readonly ScopeColumn[] = RELATIONS[relation];
  if (columns.length === 0) return true;
  return user.scope.some((grant) =>
    columns.every((c) => {
      const mine = grant[c];
      return typeof mine === 'string' && mine !== '' && target[c] === mine;
    }),
  );
}

/**
 * Whether `user` may exercise `permission` on the object at `target`: returns the relation that allowed
 * it, or throws 403 FORBIDDEN (the role may not) or 403 OUT_OF_SCOPE (the role may, but not there).
 */
export function authorize(
  user: Principal | null | undefined,
  permission: Permission,
  target: Target,
): Relation {
  if (!user) throw new ApiError('UNAUTHENTICATED');
  const relation = authorizeRole(user, permission);
  if (!inScope(user, relation, target)) throw new ApiError('OUT_OF_SCOPE');
  return relation;
}

/**
 * The table's shape, checked once at load: a relation may only compare columns the role's grants have
 * (a principal cannot be given "own class": its grant has no class).
 */
export function policyProblems(): string[] {
  const problems: string[] = [];
  for (const p of PERMISSIONS) {
    const rule: Rule = POLICY[p];
    for (const [role, relation] of Object.entries(rule) as [Role, Relation][]) {
      const missing = RELATIONS[relation].filter((c) => !ROLE_SCOPES[role].includes(c));
      if (missing.length > 0) problems.push(`${p}: ${role} has no ${missing.join(', ')} for "${relation}"`);
    }
  }
  return problems;
}

const problems = policyProblems();
if (problems.length > 0) throw new Error(`policy table: ${problems.join('; ')}`);
