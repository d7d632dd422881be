/**
 * The record workflow (DESIGN.md §7): draft → entered → reviewed → confirmed → approved, then locked by
 * lock.ts. Each subject is entered by its teacher, the homeroom part (qualities, competencies, conduct,
 * comments, awards) by the homeroom teacher; when every compulsory subject of the grade and the homeroom
 * part are in, the version is `entered`. The homeroom teacher reviews, a subject group may confirm its
 * subject, the principal approves. Review and approval assemble the record from its entries and validate
 * it with the record schemas — every derived value recomputed and compared with what was entered — so
 * that a record breaking a circular's rule never moves on; the refusal lists each problem with its rule.
 *
 * Every step runs in one transaction that row-locks the version, checks the state, writes, records an
 * `attestation` signature for the user who signed off, and appends to the audit log. Where the caller
 * must be authorized against the object, the step takes a `guard` that is called with the object's place
 * once it is read, inside the transaction.
 */

import { randomUUID } from 'node:crypto';
import {
  appendAudit,
  classes,
  type Database,
  enrolments,
  provinces,
  type RecordState,
  recordEntries,
  recordVersions,
  schools,
  signatures,
  studentBiographies,
  students,
  type Transaction,
  users,
  violatedConstraint,
} from '@hocba/db';
import { canonicalBytes, sha256, toHex } from '@hocba/integrity';
import {
  checkSubjectEntry,
  curriculumFor,
  deriveRecord,
  PrimarySubject,
  primaryResultsSchema,
  RECORD_SCHEMA_ID,
  type RecordProblem,
  RecordRuleError,
  type SchoolLevel,
  schemaProblems,
  secondaryResultsSchema,
  secondarySubjectSchema,
  validateRecord,
} from '@hocba/records';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Target } from '../auth/principal.ts';
import { newLookupCode } from '../lookup/code.ts';
import { ServiceError } from './errors.ts';
import type { Actor } from './lock.ts';
import { schoolTarget } from './places.ts';
import { assertWindowOpen } from './windows.ts';

/** The entry that holds the homeroom teacher's part; subject codes are upper case, so it cannot collide. */
export const HOMEROOM = 'homeroom';

/** States in which entries may still be made or changed. */
const ENTERING: readonly RecordState[] = ['draft', 'entered'];
/** States whose content is committed for ever (lock.ts, and the HB002 trigger). */
const COMMITTED: readonly RecordState[] = ['locked', 'revoked', 'superseded'];

export interface Who extends Actor {
  userId: string;
  role: NonNullable<Actor['role']>;
}

/** Called with the object's place once it is read; throws to refuse (auth/policy.ts `authorize`). */
export type Guard = (target: Target) => void;

export interface StepOptions {
  actor: Who;
  at: Date;
  guard: Guard;
}

type VersionRow = typeof recordVersions.$inferSelect;
type EntryRow = typeof recordEntries.$inferSelect;

export interface Place {
  version: VersionRow;
  enrolment: typeof enrolments.$inferSelect;
  school: typeof schools.$inferSelect;
  class: typeof classes.$inferSelect;
  target: Target;
}

/** The version, its enrolment, class and holding school, row-locked for the step. */
export async function lockPlace(tx: Transaction, recordId: string): Promise<Place> {
  const [row] = await tx
    .select({ version: recordVersions, enrolment: enrolments, school: schools, class: classes })
    .from(recordVersions)
    .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
    .innerJoin(schools, eq(schools.id, enrolments.custodySchoolId))
    .innerJoin(classes, eq(classes.id, enrolments.classId))
    .where(eq(recordVersions.id, recordId))
    .for('update', { of: recordVersions });
  if (!row) throw new ServiceError('RECORD_NOT_FOUND', `record ${recordId} does not exist`, { recordId });
  const target: Target = {
    ...schoolTarget(row.school),
    classId: row.enrolment.classId,
    studentId: row.enrolment.studentId,
  };
  return { ...row, target };
}

function wrongState(v: VersionRow, step: string, allowed: readonly RecordState[]): ServiceError {
  if (COMMITTED.includes(v.state)) {
    return new ServiceError('RECORD_LOCKED', `record ${v.id} is ${v.state}: ${step} refused`, {
      recordId: v.id,
      state: v.state,
    });
  }
  return new ServiceError(
    'RECORD_WRONG_STATE',
    `record ${v.id} is ${v.state}; ${step} needs ${allowed.join(' or ')}`,
    { recordId: v.id, state: v.state, allowed: [...allowed] },
  );
}

const digestOf = (value: unknown) => sha256(canonicalBytes(value));

async function displayName(tx: Transaction, userId: string): Promise<string> {
  const [u] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, userId));
  return u?.name ?? userId;
}

async function attest(
  tx: Transaction,
  o: {
    recordVersionId: string;
    role: 'subjectTeacher' | 'homeroomTeacher' | 'subjectGroup' | 'principal';
    actor: Who;
    at: Date;
    digest: Uint8Array;
    entryId?: string;
  },
): Promise<void> {
  await tx.insert(signatures).values({
    recordVersionId: o.recordVersionId,
    entryId: o.entryId ?? null,
    signerRole: o.role,
    signerUserId: o.actor.userId,
    signerName: await displayName(tx, o.actor.userId),
    kind: 'attestation',
    signedDigest: o.digest,
    signedAt: o.at,
  });
}

async function setState(
  tx: Transaction,
  v: VersionRow,
  state: RecordState,
  record?: Record<string, unknown>,
): Promise<void> {
  await tx
    .update(recordVersions)
    .set({ state, ...(record && { record }) })
    .where(eq(recordVersions.id, v.id));
}

function audit(
  tx: Transaction,
  action: string,
  v: VersionRow,
  o: { actor: Who; at: Date },
  details: Record<string, string | number | boolean | null | string[]> = {},
) {
  return appendAudit(tx, {
    action,
    entityType: 'recordVersion',
    entityId: v.id,
    actorUserId: o.actor.userId,
    actorRole: o.actor.role,
    at: o.at,
    details: { from: v.state, ...details },
  });
}

// ---------------------------------------------------------------------------------------------------------
// Drafts

export interface CreateDraftInput {
  enrolmentId: string;
  actor: Who;
  at: Date;
  guard: Guard;
  /** The lookup code generator (tests force a collision); default newLookupCode. */
  newCode?: () => string;
}

export interface Draft {
  recordId: string;
  version: number;
  state: RecordState;
  lookupCode: string;
  enrolmentId: string;
}

/** Attempts at a fresh lookup code: 95 random bits collide essentially never, but the index says so. */
const CODE_ATTEMPTS = 5;

/**
 * Version 1 of an enrolment's record: its envelope from what the database knows (student, class, school,
 * province) and the lookup code issued to it here. A collision of codes is retried with a fresh code.
 */
export async function createDraft(db: Database, input: CreateDraftInput): Promise<Draft> {
  const next = input.newCode ?? newLookupCode;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction((tx) => insertDraft(tx, input, next()));
    } catch (e) {
      if (violatedConstraint(e) === 'record_versions_lookup_code_unique' && attempt < CODE_ATTEMPTS) continue;
      if (violatedConstraint(e) === 'record_versions_enrolment_version_key') {
        throw new ServiceError('RECORD_EXISTS', `enrolment ${input.enrolmentId} already has a record`, {
          enrolmentId: input.enrolmentId,
        });
      }
      throw e;
    }
  }
}

async function insertDraft(tx: Transaction, input: CreateDraftInput, lookupCode: string): Promise<Draft> {
  const [row] = await tx
    .select({
      enrolment: enrolments,
      student: students,
      class: classes,
      school: schools,
      province: provinces,
    })
    .from(enrolments)
    .innerJoin(students, eq(students.id, enrolments.studentId))
    .innerJoin(classes, eq(classes.id, enrolments.classId))
    .innerJoin(schools, eq(schools.id, enrolments.custodySchoolId))
    .innerJoin(provinces, eq(provinces.id, schools.provinceId))
    .where(eq(enrolments.id, input.enrolmentId));
  if (!row) {
    throw new ServiceError('ENROLMENT_NOT_FOUND', `enrolment ${input.enrolmentId} does not exist`, {
      enrolmentId: input.enrolmentId,
    });
  }
  input.guard({
    ...schoolTarget(row.school),
    classId: row.enrolment.classId,
    studentId: row.enrolment.studentId,
  });
  const [existing] = await tx
    .select({ id: recordVersions.id })
    .from(recordVersions)
    .where(eq(recordVersions.enrolmentId, row.enrolment.id))
    .limit(1);
  if (existing) {
    throw new ServiceError('RECORD_EXISTS', `enrolment ${row.enrolment.id} already has a record`, {
      enrolmentId: row.enrolment.id,
      recordId: existing.id,
    });
  }
  const recordId = randomUUID();
  // The envelope (DESIGN.md §6); the biography and the results are assembled from their own tables.
  const envelope = {
    schema: RECORD_SCHEMA_ID,
    recordId,
    lookupCode,
    nationalId: row.student.nationalId,
    studentCode: row.student.studentCode,
    provinceCode: row.province.code,
    schoolCode: row.school.code,
    level: row.school.level,
    schoolYear: row.enrolment.schoolYear,
    grade: row.class.grade,
    classId: row.class.id,
    version: 1,
    signatures: [],
  };
  await tx.insert(recordVersions).values({
    id: recordId,
    enrolmentId: row.enrolment.id,
    version: 1,
    state: 'draft',
    record: envelope,
    lookupCode,
    createdBy: input.actor.userId,
  });
  await appendAudit(tx, {
    action: 'record.create',
    entityType: 'recordVersion',
    entityId: recordId,
    actorUserId: input.actor.userId,
    actorRole: input.actor.role,
    at: input.at,
    details: { enrolmentId: row.enrolment.id, classId: row.class.id, version: 1 },
  });
  return { recordId, version: 1, state: 'draft', lookupCode, enrolmentId: row.enrolment.id };
}

// ---------------------------------------------------------------------------------------------------------
// Entry

/** The shape one part must have: a subject's results, or the homeroom part (the results but subjects). */
function partSchema(level: SchoolLevel, part: string): z.ZodType {
  const omitted = { subjects: true, principalApproval: true } as const;
  if (level === 'TH') return part === HOMEROOM ? primaryResultsSchema('draft').omit(omitted) : PrimarySubject;
  return part === HOMEROOM ? secondaryResultsSchema('draft').omit(omitted) : secondarySubjectSchema('draft');
}

/** Whether every compulsory subject of the grade, and the homeroom part, has been entered. */
function complete(level: SchoolLevel, grade: number, parts: readonly string[]): boolean {
  const curriculum = curriculumFor(level, grade);
  const compulsory = curriculum?.subjects.filter((s) => s.kind === 'compulsory').map((s) => s.code) ?? [];
  return [HOMEROOM, ...compulsory].every((p) => parts.includes(p));
}

export interface EnterInput extends StepOptions {
  recordId: string;
  /** A subject code of the grade's programme, or HOMEROOM. */
  part: string;
  data: Record<string, unknown>;
}

export interface Entered {
  recordId: string;
  part: string;
  state: RecordState;
  /** The parts still missing before the record is `entered`. */
  missing: string[];
}

/**
 * Every problem of one part's data for a record of this level and grade: the homeroom part's shape, or a
 * subject's shape, its programme rule and the derived values it carries (records' checkSubjectEntry).
 * Shared by the entry of one record and of a whole class (marks.ts), so both check the same.
 */
export function partProblems(
  level: SchoolLevel,
  grade: number,
  part: string,
  data: unknown,
): RecordProblem[] {
  if (part !== HOMEROOM) return checkSubjectEntry(level, grade, part, data).problems;
  const parsed = partSchema(level, part).safeParse(data);
  return parsed.success ? [] : schemaProblems(parsed.error, data);
}

/** Refuses a part the grade's programme does not have (the homeroom part every grade has). */
export function assertPartInCurriculum(level: SchoolLevel, grade: number, part: string): void {
  if (part === HOMEROOM || curriculumFor(level, grade)?.subjects.some((s) => s.code === part)) return;
  throw new ServiceError('SUBJECT_NOT_IN_CURRICULUM', `grade ${grade} (${level}) has no subject ${part}`, {
    subject: part,
    grade,
  });
}

/** Refuses entry into a version that is no longer being entered (reviewed or later). */
export function assertEntering(v: VersionRow): void {
  if (!ENTERING.includes(v.state)) throw wrongState(v, 'entry', ENTERING);
}

/**
 * Enters (or re-enters) one part, signed off by whoever entered it. Refused outside an open editing window,
 * for a subject the grade does not have, for data that is not the part's shape or breaks the subject's
 * rules, and once reviewed.
 */
export async function enterPart(db: Database, input: EnterInput): Promise<Entered> {
  return db.transaction(async (tx) => {
    const p = await lockPlace(tx, input.recordId);
    input.guard({ ...p.target, ...(input.part !== HOMEROOM && { subject: input.part }) });
    assertEntering(p.version);
    const level = p.school.level as SchoolLevel;
    assertPartInCurriculum(level, p.class.grade, input.part);
    const problems = partProblems(level, p.class.grade, input.part, input.data);
    if (problems.length > 0) throw new EntryError(problems);
    await assertWindowOpen(
      tx,
      {
        schoolId: p.school.id,
        schoolYear: p.enrolment.schoolYear,
        classId: p.enrolment.classId,
        subject: input.part,
      },
      input.at,
    );
    return writeEntry(tx, p, input);
  });
}

/**
 * Writes one checked part of a row-locked version: the entry, the enterer's attestation, the state
 * (`entered` once every compulsory part is in) and the audit entry. The caller has checked scope, state,
 * curriculum, data and window.
 */
export async function writeEntry(
  tx: Transaction,
  p: Place,
  input: {
    part: string;
    data: Record<string, unknown>;
    actor: Who;
    at: Date;
    audit?: Record<string, string>;
  },
): Promise<Entered> {
  const v = p.version;
  const level = p.school.level as SchoolLevel;
  const [entry] = await tx
    .insert(recordEntries)
    .values({
      recordVersionId: v.id,
      subject: input.part,
      teacherId: input.actor.userId,
      data: input.data,
      enteredAt: input.at,
    })
    .onConflictDoUpdate({
      target: [recordEntries.recordVersionId, recordEntries.subject],
      set: { data: input.data, teacherId: input.actor.userId, enteredAt: input.at },
    })
    .returning();
  await attest(tx, {
    recordVersionId: v.id,
    entryId: entry!.id,
    // Who signs is who entered: in primary schools the homeroom teacher enters most subjects.
    role: input.actor.role === 'homeroomTeacher' ? 'homeroomTeacher' : 'subjectTeacher',
    actor: input.actor,
    at: input.at,
    digest: digestOf(input.data),
  });

  const parts = (
    await tx
      .select({ subject: recordEntries.subject })
      .from(recordEntries)
      .where(eq(recordEntries.recordVersionId, v.id))
  ).map((e) => e.subject);
  const state: RecordState =
    v.state === 'draft' && complete(level, p.class.grade, parts) ? 'entered' : v.state;
  if (state !== v.state) await setState(tx, v, state);
  await audit(tx, 'record.enter', v, input, { part: input.part, to: state, ...input.audit });
  const curriculum = curriculumFor(level, p.class.grade);
  const compulsory = curriculum?.subjects.filter((s) => s.kind === 'compulsory').map((s) => s.code) ?? [];
  return {
    recordId: v.id,
    part: input.part,
    state,
    missing: [HOMEROOM, ...compulsory].filter((x) => !parts.includes(x)),
  };
}

/** An entry that does not have its part's shape: the problems, with paths under the entry's data. */
export class EntryError extends Error {
  override readonly name = 'EntryError';
  constructor(readonly problems: readonly RecordProblem[]) {
    super(`ENTRY_INVALID: ${problems.length} problem(s)`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Assembly

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `over` laid on `base`: objects merged key by key, anything else taken from `over`. */
function overlay(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? overlay(base[k], v) : v;
  return out;
}

async function biographyOf(tx: Transaction, studentId: string): Promise<Record<string, unknown>> {
  const [b] = await tx.select().from(studentBiographies).where(eq(studentBiographies.studentId, studentId));
  if (!b) {
    throw new ServiceError('BIOGRAPHY_MISSING', 'the student has no biography', { studentId });
  }
  return {
    fullName: b.fullName,
    dateOfBirth: b.dateOfBirth,
    sex: b.sex,
    birthplace: b.birthplace,
    ethnicity: b.ethnicity,
    ...(b.nationality !== null && { nationality: b.nationality }),
    guardians: b.guardians,
  };
}

/** What was entered, as a record: the envelope, the biography, the parts. Nothing derived yet. */
function enteredRecord(
  envelope: Record<string, unknown>,
  biography: Record<string, unknown>,
  entries: readonly Pick<EntryRow, 'subject' | 'data'>[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const homeroom = entries.find((e) => e.subject === HOMEROOM)?.data ?? {};
  const subjects = Object.fromEntries(
    entries
      .filter((e) => e.subject !== HOMEROOM)
      .sort((a, b) => (a.subject < b.subject ? -1 : 1))
      .map((e) => [e.subject, e.data]),
  );
  const { results: _results, biography: _b, ...env } = envelope;
  return { ...env, biography, results: { ...homeroom, subjects, ...extra } };
}

/**
 * The record as the rules see it: derived values computed where none was entered, and every entered one
 * kept, so that validateRecord compares it with the recomputed value and names the rule it breaks.
 * Throws RecordRuleError with every problem.
 */
export function assembleRecord(entered: Record<string, unknown>): Record<string, unknown> {
  const derived = deriveRecord(entered);
  const record = overlay(derived, entered) as Record<string, unknown>;
  validateRecord(record);
  return record;
}

async function entriesOf(tx: Transaction, recordId: string): Promise<EntryRow[]> {
  return tx
    .select()
    .from(recordEntries)
    .where(eq(recordEntries.recordVersionId, recordId))
    .orderBy(asc(recordEntries.subject));
}

// ---------------------------------------------------------------------------------------------------------
// Review, confirmation, approval

export interface TransitionResult {
  recordId: string;
  state: RecordState;
}

const REVIEWABLE: readonly RecordState[] = ['entered'];
const CONFIRMABLE: readonly RecordState[] = ['reviewed', 'confirmed'];
const APPROVABLE: readonly RecordState[] = ['reviewed', 'confirmed'];

/** Review by the homeroom teacher: the whole record must keep every rule. */
export async function reviewRecord(
  db: Database,
  input: StepOptions & { recordId: string },
): Promise<TransitionResult> {
  return db.transaction(async (tx) => {
    const p = await lockPlace(tx, input.recordId);
    input.guard(p.target);
    const v = p.version;
    if (!REVIEWABLE.includes(v.state)) throw wrongState(v, 'review', REVIEWABLE);
    const entries = await entriesOf(tx, v.id);
    const record = assembleRecord(
      enteredRecord(v.record, await biographyOf(tx, p.enrolment.studentId), entries),
    );
    await setState(tx, v, 'reviewed', record);
    await attest(tx, {
      recordVersionId: v.id,
      role: 'homeroomTeacher',
      actor: input.actor,
      at: input.at,
      digest: digestOf(record),
    });
    await audit(tx, 'record.review', v, input, { to: 'reviewed', digest: toHex(digestOf(record)) });
    return { recordId: v.id, state: 'reviewed' };
  });
}

/** Confirmation of one subject by its subject group (where the school uses them). */
export async function confirmSubject(
  db: Database,
  input: StepOptions & { recordId: string; subject: string },
): Promise<TransitionResult> {
  return db.transaction(async (tx) => {
    const p = await lockPlace(tx, input.recordId);
    input.guard({ ...p.target, subject: input.subject });
    const v = p.version;
    if (!CONFIRMABLE.includes(v.state)) throw wrongState(v, 'confirmation', CONFIRMABLE);
    const [entry] = await tx
      .select()
      .from(recordEntries)
      .where(and(eq(recordEntries.recordVersionId, v.id), eq(recordEntries.subject, input.subject)));
    if (!entry || input.subject === HOMEROOM) {
      throw new ServiceError('ENTRY_MISSING', `record ${v.id} has no entry for ${input.subject}`, {
        subject: input.subject,
      });
    }
    const [done] = await tx
      .select({ id: signatures.id })
      .from(signatures)
      .where(and(eq(signatures.entryId, entry.id), eq(signatures.signerRole, 'subjectGroup')));
    if (done) {
      throw new ServiceError('ENTRY_ALREADY_CONFIRMED', `${input.subject} is confirmed already`, {
        subject: input.subject,
      });
    }
    if (v.state !== 'confirmed') await setState(tx, v, 'confirmed');
    await attest(tx, {
      recordVersionId: v.id,
      entryId: entry.id,
      role: 'subjectGroup',
      actor: input.actor,
      at: input.at,
      digest: digestOf(entry.data),
    });
    await audit(tx, 'record.confirm', v, input, { subject: input.subject, to: 'confirmed' });
    return { recordId: v.id, state: 'confirmed' };
  });
}

/** Approval by the principal (seed 001 Art. 9.1): the record, with the approval, must keep every rule. */
export async function approveRecord(
  db: Database,
  input: StepOptions & { recordId: string },
): Promise<TransitionResult> {
  return db.transaction(async (tx) => {
    const p = await lockPlace(tx, input.recordId);
    input.guard(p.target);
    const v = p.version;
    if (!APPROVABLE.includes(v.state)) throw wrongState(v, 'approval', APPROVABLE);
    const entries = await entriesOf(tx, v.id);
    const approval = {
      principalApproval: {
        principal: await displayName(tx, input.actor.userId),
        approvedAt: input.at.toISOString(),
      },
    };
    const record = assembleRecord(
      enteredRecord(v.record, await biographyOf(tx, p.enrolment.studentId), entries, approval),
    );
    await setState(tx, v, 'approved', record);
    await attest(tx, {
      recordVersionId: v.id,
      role: 'principal',
      actor: input.actor,
      at: input.at,
      digest: digestOf(record),
    });
    await audit(tx, 'record.approve', v, input, { to: 'approved', digest: toHex(digestOf(record)) });
    return { recordId: v.id, state: 'approved' };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Reading

export interface RecordView {
  recordId: string;
  enrolmentId: string;
  version: number;
  state: RecordState;
  lookupCode: string | null;
  schoolId: string;
  classId: string;
  effectiveAt: string | null;
  entries: { subject: string; teacherId: string; enteredAt: string }[];
  signatures: {
    role: string;
    kind: string;
    signerUserId: string | null;
    subject: string | null;
    signedAt: string;
  }[];
  /** The record as it stands: as committed once reviewed, else assembled from the entries so far. */
  record: Record<string, unknown>;
}

/** One version with its entries and sign-offs; `guard` sees its place before anything is returned. */
export async function readRecord(
  db: Database,
  recordId: string,
  guard: (target: Target) => { biography: boolean },
): Promise<RecordView> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ version: recordVersions, enrolment: enrolments, school: schools })
      .from(recordVersions)
      .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
      .innerJoin(schools, eq(schools.id, enrolments.custodySchoolId))
      .where(eq(recordVersions.id, recordId));
    if (!row) throw new ServiceError('RECORD_NOT_FOUND', `record ${recordId} does not exist`, { recordId });
    const { biography } = guard({
      ...schoolTarget(row.school),
      classId: row.enrolment.classId,
      studentId: row.enrolment.studentId,
    });
    const v = row.version;
    const entries = await entriesOf(tx, v.id);
    const sigs = await tx
      .select()
      .from(signatures)
      .where(eq(signatures.recordVersionId, v.id))
      .orderBy(asc(signatures.signedAt));
    const subjectOf = new Map(entries.map((e) => [e.id, e.subject]));
    let record = v.record;
    if (ENTERING.includes(v.state)) {
      // Not reviewed yet: show what has been entered, with no biography (it joins at review).
      const { biography: _b, ...env } = enteredRecord(v.record, {}, entries);
      record = env;
    }
    if (!biography) {
      const { biography: _hidden, ...rest } = record;
      record = rest;
    }
    return {
      recordId: v.id,
      enrolmentId: v.enrolmentId,
      version: v.version,
      state: v.state,
      lookupCode: v.lookupCode,
      schoolId: row.school.id,
      classId: row.enrolment.classId,
      effectiveAt: v.effectiveAt?.toISOString() ?? null,
      entries: entries.map((e) => ({
        subject: e.subject,
        teacherId: e.teacherId,
        enteredAt: e.enteredAt.toISOString(),
      })),
      signatures: sigs.map((s) => ({
        role: s.signerRole,
        kind: s.kind,
        signerUserId: s.signerUserId,
        subject: s.entryId === null ? null : (subjectOf.get(s.entryId) ?? null),
        signedAt: s.signedAt.toISOString(),
      })),
      record,
    };
  });
}

export interface ClassRecordRow {
  recordId: string | null;
  enrolmentId: string;
  studentCode: string;
  version: number | null;
  state: RecordState | null;
  entered: string[];
}

/**
 * Every enrolment of a class with its current version (the highest) and the parts entered so far; an
 * enrolment with no record yet has nulls. No personal data beyond the student code.
 */
export async function classRecords(db: Database, classId: string): Promise<ClassRecordRow[]> {
  const rows = await db
    .select({ enrolment: enrolments, studentCode: students.studentCode })
    .from(enrolments)
    .innerJoin(students, eq(students.id, enrolments.studentId))
    .where(eq(enrolments.classId, classId))
    .orderBy(asc(students.studentCode));
  if (rows.length === 0) return [];
  const versions = await db
    .select()
    .from(recordVersions)
    .where(
      inArray(
        recordVersions.enrolmentId,
        rows.map((r) => r.enrolment.id),
      ),
    );
  const current = new Map<string, VersionRow>();
  for (const v of versions) {
    const seen = current.get(v.enrolmentId);
    if (!seen || v.version > seen.version) current.set(v.enrolmentId, v);
  }
  const ids = [...current.values()].map((v) => v.id);
  const parts =
    ids.length === 0
      ? []
      : await db
          .select({ recordId: recordEntries.recordVersionId, subject: recordEntries.subject })
          .from(recordEntries)
          .where(inArray(recordEntries.recordVersionId, ids));
  return rows.map((r) => {
    const v = current.get(r.enrolment.id);
    return {
      recordId: v?.id ?? null,
      enrolmentId: r.enrolment.id,
      studentCode: r.studentCode,
      version: v?.version ?? null,
      state: v?.state ?? null,
      entered: v
        ? parts
            .filter((x) => x.recordId === v.id)
            .map((x) => x.subject)
            .sort()
        : [],
    };
  });
}

/** Re-exported for the routes: a record refusal with its problems. */
export { RecordRuleError };
