/**
 * The authorization matrix at the level of the routes (issue 6 point 9): every non-public route the app
 * registers × every role × own, foreign and partly foreign scope, through `inject`, with zero leaks.
 * The expectations are generated from the policy table (POLICY, RELATIONS, ROLE_SCOPES) and the permission
 * each route declares (`app.routePermissions`); this file only says how to reach an object of school A on
 * each route. A route the app registers without a case here fails the coverage test, so no route ships
 * unchecked.
 *
 * A cell's outcome:
 * - the role is not listed for the route's permission → 403 FORBIDDEN;
 * - listed, with a grant over A's object → anything but 401/403 (auth let it through; a 409 for a state an
 *   earlier cell changed is fine);
 * - listed under a relation other than `any`, with a grant on the foreign side (school B, district2, another
 *   province, class or subject or student) or one whose compared column is foreign (right class, wrong
 *   subject) → 403 OUT_OF_SCOPE or 404, never 2xx; the routes that answer a list filtered by scope (the
 *   audit log, the holder's records) may answer 200, but with nothing of A in it;
 * - no token → 401 UNAUTHENTICATED.
 * The refusals run first over every route, on the untouched fixture; the own-scope cells after, reads
 * before writes, in the lifecycle order of the table. No cell may be answered with a 5xx.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Permission, PUBLIC_ROUTES, RELATIONS, relationFor } from '../../src/auth/policy.ts';
import { ROLE_SCOPES, ROLES, type Role, type Scope, type ScopeColumn } from '../../src/auth/principal.ts';
import { homeroomPart, SUBJECTS } from '../workflow/fixtures.ts';
import {
  grantOf,
  type Matrix,
  makeMatrix,
  type Objects,
  SCHOOL_A,
  SCHOOL2,
  YEAR,
} from './matrix-fixtures.ts';

// One World, one database, some 800 requests: generous limits on a machine shared with other test runs.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

interface Request {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  payload?: object;
}

interface Case {
  build(o: Objects): Request;
  /**
   * For a route answering a list filtered by the caller's scope: the items of the 200 answer that a
   * foreign caller must not see (here: any, for nothing of the foreign side exists in the fixture).
   */
  filtered?(body: unknown): unknown[];
}

const BASIS = 'QĐ 12/QĐ-SGDĐT';
const NO_JOB = '00000000-0000-4000-8000-000000000000';
const MATRIX_BIOGRAPHY = {
  fullName: 'Lê Thị Hoa',
  dateOfBirth: '2015-03-04',
  sex: 'female',
  birthplace: 'Hà Nội',
  ethnicity: 'Kinh',
  guardians: [],
};
const REASONED = { reasonCode: 'DATA_ERROR', legalBasis: BASIS };
/** A school year's windows in order (issue 14: PUT /v1/calendars/:schoolYear). */
const MATRIX_CALENDAR = {
  lockFrom: '2026-05-01T00:00:00.000Z',
  lockUntil: '2026-06-20T00:00:00.000Z',
  acceptanceDeadline: '2026-06-30T16:59:59.000Z',
  reportDeadline: '2026-07-10T16:59:59.000Z',
  supplementaryDeadline: '2026-08-15T16:59:59.000Z',
  replacementFrom: '2026-07-11T00:00:00.000Z',
  replacementUntil: '2026-12-31T16:59:59.000Z',
};
const get = (url: string): Request => ({ method: 'GET', url });
const post = (url: string, payload: object = {}): Request => ({ method: 'POST', url, payload });

/**
 * Every non-public route, keyed `METHOD url` as Fastify registered it (no trailing slash), targeting an
 * object of school A. The order is the order of the own-scope cells: reads, then the workflow's writes,
 * then the after-lock ones, the ones that end an object's life last.
 */
const CASES: Record<string, Case> = {
  // Reads.
  'GET /v1/records/:recordId': { build: (o) => get(`/v1/records/${o.members[0]}`) },
  'GET /v1/classes/:classId/records': { build: (o) => get(`/v1/classes/${o.classA}/records`) },
  'GET /v1/windows': { build: () => get(`/v1/windows?schoolId=${SCHOOL_A}&schoolYear=${YEAR}`) },
  'GET /v1/batches/:batchId': { build: (o) => get(`/v1/batches/${o.anchored}`) },
  'GET /v1/batches/:batchId/status-events': { build: (o) => get(`/v1/batches/${o.anchored}/status-events`) },
  'GET /v1/batches/:batchId/verification': { build: (o) => get(`/v1/batches/${o.anchored}/verification`) },
  'GET /v1/corrections/:id': { build: (o) => get(`/v1/corrections/${o.correction}`) },
  // Issue 14: the batches in the caller's remit; a foreign caller's list holds nothing of A.
  'GET /v1/batches': {
    build: () => get(`/v1/batches?schoolId=${SCHOOL_A}`),
    filtered: (b) => (b as { items: unknown[] }).items,
  },
  // Issue 14: counts and waiting lists over A; a foreign caller's answer counts nothing of A.
  'GET /v1/oversight/batch-counts': {
    build: () => get(`/v1/oversight/batch-counts?groupBy=school&schoolId=${SCHOOL_A}`),
    filtered: (b) => (b as { items: unknown[] }).items,
  },
  'GET /v1/oversight/record-counts': {
    build: () => get(`/v1/oversight/record-counts?schoolId=${SCHOOL_A}`),
    filtered: (b) => (b as { items: unknown[] }).items,
  },
  'GET /v1/oversight/waiting': {
    build: () => get(`/v1/oversight/waiting?kind=acceptance&schoolId=${SCHOOL_A}`),
    filtered: (b) => (b as { items: unknown[] }).items,
  },
  // Issue 14: the yearly reports and the preview of the next (province, Ministry); the statistics.
  'GET /v1/reports': {
    build: () => get(`/v1/reports?schoolYear=${YEAR}`),
    filtered: (b) => (b as { items: unknown[] }).items,
  },
  'GET /v1/reports/preview': {
    build: () => get(`/v1/reports/preview?schoolYear=${YEAR}`),
    filtered: (b) => {
      const p = b as { districts: unknown[]; waiting: Record<string, unknown[]> };
      return [...p.districts, ...Object.values(p.waiting).flat()];
    },
  },
  'GET /v1/statistics': { build: () => get(`/v1/statistics?schoolYear=${YEAR}&schoolId=${SCHOOL_A}`) },
  'GET /v1/statistics.xlsx': {
    build: () => get(`/v1/statistics.xlsx?schoolYear=${YEAR}&schoolId=${SCHOOL_A}`),
  },
  // Issue 14, the province's registry: the province's own lists (a foreign province is refused whole).
  'GET /v1/trust-anchors': { build: () => get('/v1/trust-anchors') },
  'GET /v1/districts': { build: () => get('/v1/districts') },
  'GET /v1/certificates': { build: () => get('/v1/certificates?status=approved') },
  'GET /v1/permissions': { build: () => get(`/v1/permissions?schoolId=${SCHOOL_A}`) },
  // Issue 14: the year's calendar (any staff role) and its progress, filtered to A's district: a foreign
  // caller's answer holds no school, district or day of it.
  'GET /v1/calendars/:schoolYear': { build: () => get(`/v1/calendars/${YEAR}`) },
  'GET /v1/progress': {
    build: () => get(`/v1/progress?schoolYear=${YEAR}&districtId=district1`),
    filtered: (b) => {
      const p = b as { schools: unknown[]; districts: unknown[] };
      return [...p.schools, ...p.districts];
    },
  },
  'GET /v1/progress/timeline': {
    build: () => get(`/v1/progress/timeline?schoolYear=${YEAR}&districtId=district1`),
    filtered: (b) => (b as { days: unknown[] }).days,
  },
  // The console's lists after lock (issue 13 point 3).
  'GET /v1/corrections': {
    build: (o) => get(`/v1/corrections?classId=${o.classA}`),
    filtered: (b) => (b as { items: unknown[] }).items,
  },
  'GET /v1/transfers': { build: () => get(`/v1/transfers?schoolId=${SCHOOL_A}`) },
  'GET /v1/transfers/schools': { build: () => get(`/v1/transfers/schools?schoolId=${SCHOOL_A}`) },
  'GET /v1/schools/:schoolId/certificates': { build: () => get(`/v1/schools/${SCHOOL_A}/certificates`) },
  'GET /v1/certificates/:fingerprint': { build: (o) => get(`/v1/certificates/${o.signer}`) },
  'GET /v1/transfers/students/:studentId/records': {
    build: (o) => get(`/v1/transfers/students/${o.studentA}/records`),
  },
  'GET /v1/audit': {
    build: () => get('/v1/audit?limit=500'),
    filtered: (b) => (b as { items: unknown[] }).items,
  },
  // One's own notifications (any staff role; only the caller's rows: nothing of another account to leak).
  'GET /v1/notifications': { build: () => get('/v1/notifications') },
  'GET /v1/notifications/count': { build: () => get('/v1/notifications/count') },
  'POST /v1/notifications/:id/read': { build: () => post(`/v1/notifications/${NO_JOB}/read`) },
  'POST /v1/notifications/read-all': { build: () => post('/v1/notifications/read-all') },
  'GET /v1/notifications/email': { build: () => get('/v1/notifications/email') },
  'PUT /v1/notifications/email': {
    build: () => ({
      method: 'PUT',
      url: '/v1/notifications/email',
      payload: { email: 'matrix@example.test' },
    }),
  },
  // Issue 14: what the audit log's filters offer; a foreign caller is offered nothing of A.
  'GET /v1/audit/choices': {
    build: () => get('/v1/audit/choices'),
    filtered: (b) => (b as { schools: { id: string }[] }).schools.filter((s) => s.id === SCHOOL_A),
  },
  // The refusals above read A's records first: their entries name A's school.
  'GET /v1/access-log': {
    build: () => get('/v1/access-log?limit=500'),
    filtered: (b) => (b as { items: unknown[] }).items,
  },
  // The audit reconciliation (issue 14): a run over A's school; past runs filtered by the caller's province.
  'POST /v1/reconciliations': { build: () => post('/v1/reconciliations', { schoolId: SCHOOL_A }) },
  'GET /v1/reconciliations': {
    build: () => get('/v1/reconciliations'),
    filtered: (b) => (b as { items: unknown[] }).items,
  },
  'GET /v1/reconciliations/:id': { build: () => get(`/v1/reconciliations/${NO_JOB}`) },
  'GET /v1/reconciliations/choices': {
    build: () => get('/v1/reconciliations/choices'),
    filtered: (b) => (b as { provinces: unknown[] }).provinces,
  },
  'GET /v1/me/records': {
    build: () => get('/v1/me/records'),
    filtered: (b) => (b as { records: unknown[] }).records,
  },
  'POST /v1/me/records/:recordId/disclosure': {
    build: (o) => post(`/v1/me/records/${o.members[0]}/disclosure`, { pointers: ['/recordId'] }),
  },
  // The học bạ as a PDF (issue 15): reads of the anchored member m0, which the later cells revoke or correct.
  'POST /v1/records/:recordId/documents': {
    build: (o) => post(`/v1/records/${o.members[0]}/documents`, { kind: 'extract', pointers: ['/recordId'] }),
  },
  'POST /v1/me/records/:recordId/documents': {
    build: (o) => post(`/v1/me/records/${o.members[0]}/documents`, { pointers: ['/recordId'] }),
  },
  'POST /v1/verify/bulk': { build: () => post('/v1/verify/bulk', { bundles: [] }) },
  'GET /v1/users/:userId': { build: (o) => get(`/v1/users/${o.staffA}`) },
  'GET /v1/users': { build: () => get(`/v1/users?schoolId=${SCHOOL_A}`) },
  'GET /v1/schools/:schoolId/deputies': { build: () => get(`/v1/schools/${SCHOOL_A}/deputies`) },
  // Pupils and class lists (issue 13).
  'GET /v1/classes/:classId/students': { build: (o) => get(`/v1/classes/${o.classA}/students`) },
  'GET /v1/schools/:schoolId/students': { build: () => get(`/v1/schools/${SCHOOL_A}/students?name=a`) },
  'GET /v1/schools/:schoolId/classes': { build: () => get(`/v1/schools/${SCHOOL_A}/classes`) },
  'GET /v1/students/:studentId/biography': { build: (o) => get(`/v1/students/${o.studentA}/biography`) },
  // A job of no import: the refusals come before the lookup, so the own cells answer 404.
  'GET /v1/imports/roster/:jobId': { build: () => get(`/v1/imports/roster/${NO_JOB}`) },
  'GET /v1/imports/marks-primary/:jobId': { build: () => get(`/v1/imports/marks-primary/${NO_JOB}`) },
  'GET /v1/imports/marks-secondary/:jobId': { build: () => get(`/v1/imports/marks-secondary/${NO_JOB}`) },
  'GET /v1/imports/roster/template': { build: () => get('/v1/imports/roster/template') },
  'GET /v1/imports/marks-primary/template': { build: () => get('/v1/imports/marks-primary/template') },
  'GET /v1/imports/marks-secondary/template': { build: () => get('/v1/imports/marks-secondary/template') },
  // The workflow.
  'PUT /v1/windows': {
    build: () => ({
      method: 'PUT',
      url: '/v1/windows',
      payload: { schoolId: SCHOOL_A, schoolYear: YEAR, frozen: false, reason: 'Mở nhập điểm' },
    }),
  },
  'POST /v1/records': { build: (o) => post('/v1/records', { enrolmentId: o.bareEnrolment }) },
  'POST /v1/classes/:classId/records': { build: (o) => post(`/v1/classes/${o.classA}/records`) },
  'PUT /v1/records/:recordId/entries/:part': {
    build: (o) => ({
      method: 'PUT',
      url: `/v1/records/${o.draft}/entries/TOAN`,
      payload: { data: SUBJECTS.TOAN! },
    }),
  },
  'PUT /v1/classes/:classId/subjects/:subject/marks': {
    build: (o) => ({
      method: 'PUT',
      url: `/v1/classes/${o.classA}/subjects/TOAN/marks`,
      payload: { rows: [{ recordId: o.draft, data: SUBJECTS.TOAN! }] },
    }),
  },
  'PUT /v1/classes/:classId/homeroom': {
    build: (o) => ({
      method: 'PUT',
      url: `/v1/classes/${o.classA}/homeroom`,
      payload: { rows: [{ recordId: o.draft, data: homeroomPart() }] },
    }),
  },
  'POST /v1/records/:recordId/review': { build: (o) => post(`/v1/records/${o.entered}/review`) },
  'POST /v1/records/:recordId/confirm': {
    build: (o) => post(`/v1/records/${o.reviewed}/confirm`, { subject: 'TOAN' }),
  },
  'POST /v1/records/:recordId/approve': { build: (o) => post(`/v1/records/${o.reviewed}/approve`) },
  'POST /v1/batches': { build: (o) => post('/v1/batches', { classId: o.classA, partial: true }) },
  'GET /v1/batches/:batchId/signing-request': {
    build: (o) => get(`/v1/batches/${o.assembling}/signing-request?signer=${o.signer}`),
  },
  'POST /v1/batches/:batchId/signature': {
    build: (o) => post(`/v1/batches/${o.assembling}/signature`, { cms: 'AAAA' }),
  },
  'POST /v1/batches/:batchId/dev-sign': { build: (o) => post(`/v1/batches/${o.assembling}/dev-sign`) },
  'POST /v1/classes/:classId/students': {
    build: (o) =>
      post(`/v1/classes/${o.classA}/students`, { nationalId: '079215009999', biography: MATRIX_BIOGRAPHY }),
  },
  'PUT /v1/students/:studentId/biography': {
    build: (o) => ({ method: 'PUT', url: `/v1/students/${o.studentA}/biography`, payload: MATRIX_BIOGRAPHY }),
  },
  // Not a workbook: authorized, then refused 400 IMPORT_FILE_INVALID, nothing written.
  'POST /v1/imports/roster': {
    build: (o) =>
      post('/v1/imports/roster', { schoolId: SCHOOL_A, content: 'AAAA', options: { classId: o.classA } }),
  },
  'POST /v1/imports/roster/:jobId/commit': { build: () => post(`/v1/imports/roster/${NO_JOB}/commit`) },
  // The marks sheets (issue 13 point 2): of one subject of A's class, so the subject teacher is in scope.
  'POST /v1/imports/marks-primary': {
    build: (o) =>
      post('/v1/imports/marks-primary', {
        schoolId: SCHOOL_A,
        content: 'AAAA',
        options: { classId: o.classA, subject: 'TOAN' },
      }),
  },
  'POST /v1/imports/marks-primary/:jobId/commit': {
    build: () => post(`/v1/imports/marks-primary/${NO_JOB}/commit`),
  },
  'POST /v1/imports/marks-secondary': {
    build: (o) =>
      post('/v1/imports/marks-secondary', {
        schoolId: SCHOOL_A,
        content: 'AAAA',
        options: { classId: o.classA, subject: 'TOAN' },
      }),
  },
  'POST /v1/imports/marks-secondary/:jobId/commit': {
    build: () => post(`/v1/imports/marks-secondary/${NO_JOB}/commit`),
  },
  // After lock.
  'POST /v1/batches/:batchId/accept': { build: (o) => post(`/v1/batches/${o.anchored}/accept`) },
  'POST /v1/batches/verification': {
    build: (o) => post('/v1/batches/verification', { batchIds: [o.anchored] }),
  },
  // Issue 14: several at once; after the single route, each is refused ALREADY_REQUESTED (a 200 all the same).
  'POST /v1/batches/accept': { build: (o) => post('/v1/batches/accept', { batchIds: [o.anchored] }) },
  'POST /v1/permissions': {
    build: (o) =>
      post('/v1/permissions', {
        batchId: o.anchored,
        action: 'revoke',
        until: '2026-12-31T16:59:59.000Z',
        legalBasis: BASIS,
      }),
  },
  'POST /v1/corrections': {
    build: (o) =>
      post('/v1/corrections', {
        recordId: o.members[1],
        legalBasis: BASIS,
        reason: 'Nhập sai điểm môn Toán',
        subject: 'TOAN',
      }),
  },
  'POST /v1/corrections/:id/check': {
    build: (o) => post(`/v1/corrections/${o.correction}/check`, {}),
  },
  'POST /v1/corrections/:id/decision': {
    build: (o) =>
      post(`/v1/corrections/${o.correction}/decision`, { approve: false, note: 'Không đủ căn cứ' }),
  },
  // The principal's certificate: an upload that is no certificate (422), A's signer's approval.
  'POST /v1/schools/:schoolId/certificates': {
    build: () => post(`/v1/schools/${SCHOOL_A}/certificates`, { certificate: 'MIIB' }),
  },
  'POST /v1/certificates/:fingerprint/approve': {
    build: (o) => post(`/v1/certificates/${o.signer}/approve`),
  },
  // Issue 14, the province's registry and the Ministry's trust anchors: queued writes (nothing submitted
  // here); a PEM that is no certificate (422), a fingerprint the ledger does not hold (404).
  'PUT /v1/calendars/:schoolYear': {
    build: () => ({ method: 'PUT', url: `/v1/calendars/${YEAR}`, payload: MATRIX_CALENDAR }),
  },
  'POST /v1/districts': {
    build: () =>
      post('/v1/districts', { districtId: 'district9', name: 'Phòng GD&ĐT Uông Bí', mspId: 'District1MSP' }),
  },
  'POST /v1/schools': {
    build: () =>
      post('/v1/schools', {
        schoolId: 'SCH-QN-009',
        name: 'Trường TH Uông Bí',
        level: 'TH',
        districtId: 'district1',
      }),
  },
  'PUT /v1/schools/:schoolId/district': {
    build: () => ({
      method: 'PUT',
      url: `/v1/schools/${SCHOOL_A}/district`,
      payload: { districtId: 'district2' },
    }),
  },
  'POST /v1/trust-anchors': { build: () => post('/v1/trust-anchors', { certificate: 'MIIB' }) },
  'POST /v1/trust-anchors/:fingerprint/retire': {
    build: () => post(`/v1/trust-anchors/${'0'.repeat(64)}/retire`, { reason: 'Hết hạn sử dụng' }),
  },
  'POST /v1/reports': { build: () => post('/v1/reports', { schoolYear: YEAR }) },
  'POST /v1/reports/:schoolYear/:seq/acknowledge': { build: () => post(`/v1/reports/${YEAR}/1/acknowledge`) },
  'POST /v1/transfers': {
    build: (o) =>
      post('/v1/transfers', { studentId: o.movingStudent, fromSchoolId: SCHOOL_A, toSchoolId: SCHOOL2 }),
  },
  'POST /v1/transfers/:id/decision': {
    build: (o) => post(`/v1/transfers/${o.transferToA}/decision`, { accept: true }),
  },
  'POST /v1/records/:recordId/revoke': {
    build: (o) => post(`/v1/records/${o.members[1]}/revoke`, REASONED),
  },
  'POST /v1/batches/:batchId/recall-request': {
    build: (o) => post(`/v1/batches/${o.anchored}/recall-request`, REASONED),
  },
  'POST /v1/batches/:batchId/recall': { build: (o) => post(`/v1/batches/${o.anchored}/recall`, REASONED) },
  'POST /v1/batches/:batchId/replace': { build: (o) => post(`/v1/batches/${o.anchored}/replace`) },
  'POST /v1/batches/:batchId/correct': { build: (o) => post(`/v1/batches/${o.anchored}/correct`) },
  // Accounts and deputies: every case names a role that all three managing tiers may grant at A.
  'POST /v1/users': {
    build: () =>
      post('/v1/users', {
        login: 'matrix-new-staff',
        displayName: 'Trần Văn Minh',
        password: 'Mật khẩu đủ dài 2026',
        grant: { role: 'deputyPrincipal', schoolId: SCHOOL_A },
      }),
  },
  'POST /v1/users/:userId/grants': {
    build: (o) => post(`/v1/users/${o.staffA}/grants`, { role: 'schoolAdmin', schoolId: SCHOOL_A }),
  },
  'DELETE /v1/users/:userId/grants/:grantId': {
    build: (o) => ({ method: 'DELETE', url: `/v1/users/${o.staffA}/grants/${o.staffGrant}` }),
  },
  'POST /v1/schools/:schoolId/deputies': {
    build: (o) => post(`/v1/schools/${SCHOOL_A}/deputies`, { userId: o.plainUser }),
  },
  'DELETE /v1/schools/:schoolId/deputies/:userId': {
    build: (o) => ({ method: 'DELETE', url: `/v1/schools/${SCHOOL_A}/deputies/${o.plainUser}` }),
  },
  // The province revokes A's signer last of the certificate cells (queued only: nothing is submitted here).
  'POST /v1/certificates/:fingerprint/revoke': {
    build: (o) => post(`/v1/certificates/${o.signer}/revoke`, { reasonCode: 'SUPERSEDED' }),
  },
  // Enabling an active account changes nothing: later cells meet staff A as they found it.
  'PUT /v1/users/:userId/active': {
    build: (o) => ({ method: 'PUT', url: `/v1/users/${o.staffA}/active`, payload: { active: true } }),
  },
};

/** A registered route: the table's key (HEAD is its GET's, a trailing slash dropped) and the permission. */
interface Route {
  method: string;
  url: string;
  key: string;
  permission: Permission;
}

const keyOf = (method: string, url: string) =>
  `${method === 'HEAD' ? 'GET' : method} ${url.length > 1 ? url.replace(/\/$/, '') : url}`;

type Scoping = 'own' | 'foreign' | `partly foreign (${ScopeColumn})`;

interface Cell {
  route: Route;
  role: Role | null;
  scoping: Scoping | 'none';
  grants: Scope[];
  expect: 'unauthenticated' | 'forbidden' | 'through' | 'refused';
}

let m: Matrix;
let routes: Route[];
const tokens = new Map<string, Promise<string>>();
let checked = 0;
/** Cells run, by scope: what the summary prints. */
const byScoping = new Map<string, number>();
const fiveHundreds: string[] = [];

function token(role: Role, grants: Scope[]): Promise<string> {
  const k = `${role} ${JSON.stringify(grants)}`;
  if (!tokens.has(k)) tokens.set(k, m.token(role, grants));
  return tokens.get(k)!;
}

/** The cells of one route, from the policy table: refusals (phase `refuse`) or own-scope ones (`own`). */
function cellsOf(route: Route, phase: 'refuse' | 'own'): Cell[] {
  const cells: Cell[] = [];
  if (phase === 'refuse')
    cells.push({ route, role: null, scoping: 'none', grants: [], expect: 'unauthenticated' });
  for (const role of ROLES) {
    const relation = relationFor(route.permission, role);
    const of = (foreignColumn: (c: ScopeColumn) => boolean) => [
      grantOf(role, (c) => (foreignColumn(c) ? m.foreign[c] : m.own[c])),
    ];
    if (!relation) {
      if (phase === 'refuse')
        cells.push({ route, role, scoping: 'own', grants: of(() => false), expect: 'forbidden' });
      continue;
    }
    const compared: readonly ScopeColumn[] = RELATIONS[relation];
    if (phase === 'own') {
      cells.push({ route, role, scoping: 'own', grants: of(() => false), expect: 'through' });
      continue;
    }
    if (compared.length === 0) continue;
    cells.push({ route, role, scoping: 'foreign', grants: of(() => true), expect: 'refused' });
    // One column foreign at a time, for the roles whose grant has more than one (class and subject,
    // school and subject): refused when the relation compares that column, let through when it does not.
    const columns = ROLE_SCOPES[role];
    if (columns.length > 1) {
      for (const c of columns) {
        cells.push({
          route,
          role,
          scoping: `partly foreign (${c})`,
          grants: of((x) => x === c),
          expect: compared.includes(c) ? 'refused' : 'through',
        });
      }
    }
  }
  return cells;
}

/** Runs one cell; returns what went wrong, or nothing. */
async function run(cell: Cell): Promise<string | undefined> {
  const c = CASES[cell.route.key]!;
  const req = c.build(m.o);
  const headers: Record<string, string> = {};
  if (cell.role) headers.authorization = `Bearer ${await token(cell.role, cell.grants)}`;
  const res = await m.app.inject({
    method: cell.route.method as NonNullable<InjectOptions['method']>,
    url: req.url,
    headers,
    ...(req.payload !== undefined && cell.route.method !== 'GET' && cell.route.method !== 'HEAD'
      ? { payload: req.payload }
      : {}),
  });
  checked++;
  const kind =
    cell.role === null
      ? 'no token'
      : cell.expect === 'forbidden'
        ? 'role not listed'
        : cell.scoping.replace(/ \(.*/, '');
  byScoping.set(kind, (byScoping.get(kind) ?? 0) + 1);
  const head = cell.route.method === 'HEAD';
  // A PDF (the học bạ as a document) is no JSON: only its refusals are read.
  const json = String(res.headers['content-type'] ?? '').startsWith('application/json');
  const body = head || res.body === '' || !json ? undefined : (res.json() as Record<string, unknown>);
  const code = (body?.error as { code?: string } | undefined)?.code;
  const what = `${cell.route.method} ${req.url} as ${cell.role ?? 'nobody'} (${cell.scoping}) → ${res.statusCode} ${code ?? ''}`;
  if (res.statusCode >= 500) {
    fiveHundreds.push(what);
    return `5xx: ${what}`;
  }
  const is = (status: number, want: string) => res.statusCode === status && (head || code === want);
  switch (cell.expect) {
    case 'unauthenticated':
      return is(401, 'UNAUTHENTICATED') ? undefined : `expected 401 UNAUTHENTICATED: ${what}`;
    case 'forbidden':
      return is(403, 'FORBIDDEN') ? undefined : `expected 403 FORBIDDEN: ${what}`;
    case 'through':
      if (res.statusCode === 401 || res.statusCode === 403) return `expected to pass auth: ${what}`;
      // A filtered list shows its own caller something: its foreign cells' empty answer is not vacuous.
      if (c.filtered && !head && cell.scoping === 'own' && c.filtered(body).length === 0)
        return `expected the own-scope list to show A's items: ${what}`;
      return undefined;
    case 'refused': {
      if (is(403, 'OUT_OF_SCOPE') || res.statusCode === 404) return undefined;
      // HEAD sends no body: a filtered list's 200 shows nothing (its GET cell checks the items).
      if (res.statusCode === 200 && c.filtered && head) return undefined;
      if (res.statusCode === 200 && c.filtered) {
        const seen = c.filtered(body);
        return seen.length === 0
          ? undefined
          : `LEAK, ${seen.length} item(s) shown: ${what} ${JSON.stringify(seen).slice(0, 600)}`;
      }
      return res.statusCode < 300 ? `LEAK: ${what}` : `expected 403 OUT_OF_SCOPE or 404: ${what}`;
    }
  }
}

beforeAll(async () => {
  m = await makeMatrix();
  routes = [];
  for (const r of m.app.routePermissions) {
    if (r.permission === undefined || r.permission === 'public') continue;
    routes.push({ method: r.method, url: r.url, key: keyOf(r.method, r.url), permission: r.permission });
  }
});

afterAll(async () => {
  if (m) {
    const kinds = [...byScoping].map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(
      `route authorization matrix: ${routes.length} routes (${Object.keys(CASES).length} cases; HEAD and ` +
        `trailing-slash twins included) × ${ROLES.length} roles × scopes = ${checked} cells (${kinds})`,
    );
    await m.close();
  }
});

describe('the route table', () => {
  it('has a case for every non-public route the app registers, and none for a route it does not', () => {
    expect(routes.length).toBeGreaterThan(20);
    const missing = [...new Set(routes.filter((r) => !CASES[r.key]).map((r) => r.key))];
    expect(missing, 'routes with no case in CASES: add one').toEqual([]);
    const stale = Object.keys(CASES).filter((k) => !routes.some((r) => r.key === k));
    expect(stale, 'cases for routes the app does not register').toEqual([]);
  });

  it('answers without a token exactly the routes the policy table lists as public', () => {
    const open = m.app.routePermissions
      .filter((r) => r.permission === 'public' && !r.url.startsWith('/docs'))
      .map((r) => keyOf(r.method, r.url));
    expect([...new Set(open)].sort()).toEqual(Object.keys(PUBLIC_ROUTES).sort());
  });

  it('declares, on every route, a permission of the policy table', () => {
    const undeclared = m.app.routePermissions
      .filter((r) => r.permission === undefined)
      .map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
  });
});

const routesOf = (key: string) => routes.filter((r) => r.key === key);

describe('refusals: no token, a role the table does not list, foreign and partly foreign scope', () => {
  it.each(Object.keys(CASES))('%s', async (key) => {
    const problems: string[] = [];
    for (const route of routesOf(key))
      for (const cell of cellsOf(route, 'refuse')) {
        const p = await run(cell);
        if (p) problems.push(p);
      }
    expect(problems).toEqual([]);
  });
});

describe('own scope: every role the table lists gets past authorization', () => {
  it.each(Object.keys(CASES))('%s', async (key) => {
    const problems: string[] = [];
    for (const route of routesOf(key))
      for (const cell of cellsOf(route, 'own')) {
        const p = await run(cell);
        if (p) problems.push(p);
      }
    expect(problems).toEqual([]);
  });
});

describe('the whole matrix', () => {
  it('was answered without a single 5xx', () => {
    expect(checked).toBeGreaterThan(routes.length * ROLES.length);
    expect(fiveHundreds).toEqual([]);
  });
});
