/**
 * `layoutHocBa(record, context)`: the record (full, or partial: the fields a holder disclosed, rebuilt from
 * their pointers) as the học bạ page shows it (model.ts). Pure and total: whatever the input, it returns a
 * layout whose every text is for people — an unknown code or an unreadable value is said so in words, a
 * withheld field is marked "không hiển thị", nothing is invented.
 */
import {
  FIELD_LABELS as F,
  GUARDIAN_RELATION_LABELS,
  type Label,
  SCHOOL_LEVEL_LABELS,
  SEX_LABELS,
  SIGNER_ROLE_LABELS,
  STATUS_REASON_LABELS,
} from '../labels.ts';
import { formatLookupCode, normalizeLookupCode } from '../lookup-code.ts';
import { calendarDate, instantDate, instantText, schoolYearText } from './format.ts';
import type {
  HocBaLayout,
  LayoutConfirmation,
  LayoutContext,
  LayoutFieldCount,
  LayoutRow,
  LayoutSection,
  LayoutSignature,
  LayoutStatus,
  LayoutValue,
  LayoutYear,
  StatusFact,
} from './model.ts';
import { primarySections } from './primary.ts';
import {
  coded,
  formatted,
  isObj,
  type Obj,
  obj,
  optionalRow,
  own,
  type Reader,
  row,
  value,
  written,
} from './read.ts';
import { secondarySections } from './secondary.ts';
import { inProgressConfirmations } from './sign-offs.ts';
import { same, text } from './words.ts';

type Form = HocBaLayout['form'];

/**
 * Which circular's form: by level, else by the grade (1–5 primary), else by the shape of the results or,
 * failing that, of a subject's results.
 */
function formOf(rec: Obj): Form {
  const level = own(rec, 'level');
  if (level === 'TH') return 'TT27';
  if (level === 'THCS' || level === 'THPT') return 'TT22';
  if (level === 'GDTX') return 'GDTX';
  const grade = own(rec, 'grade');
  if (typeof grade === 'number') return grade <= 5 ? 'TT27' : 'TT22';
  const results = obj(own(rec, 'results'));
  if ('qualities' in results || 'overallResult' in results) return 'TT27';
  if ('learning' in results || 'conduct' in results || 'absences' in results) return 'TT22';
  // An extract of a few subjects alone: a Circular 22 subject is assessed by score or comment per semester, a
  // Circular 27 one by its level (and test score). Without this, the subjects a holder chose were not shown.
  const subjects = Object.values(obj(own(results, 'subjects'))).filter(isObj);
  if (subjects.some((x) => 'assessment' in x || 'semester1' in x || 'semester2' in x)) return 'TT22';
  if (subjects.some((x) => 'level' in x || 'testScore' in x)) return 'TT27';
  return 'unknown';
}

const SUBTITLES: Readonly<Record<Form, Label>> = {
  TT27: { vi: 'Tiểu học — theo Thông tư 27/2020/TT-BGDĐT', en: 'Primary — Circular 27/2020/TT-BGDĐT' },
  TT22: { vi: 'Trung học — theo Thông tư 22/2021/TT-BGDĐT', en: 'Secondary — Circular 22/2021/TT-BGDĐT' },
  GDTX: {
    vi: 'Giáo dục thường xuyên cấp THPT — theo mẫu của Thông tư 22/2021/TT-BGDĐT',
    en: 'Continuing education, upper secondary — in the form of Circular 22/2021/TT-BGDĐT',
  },
  unknown: { vi: 'Cấp học không hiển thị', en: 'Level not shown' },
};

const guardian = (g: unknown): LayoutValue | undefined => {
  if (!isObj(g)) return undefined;
  const name = own(g, 'fullName');
  if (typeof name !== 'string') return undefined;
  const job = own(g, 'occupation');
  const phone = own(g, 'phone');
  const extra = [
    typeof job === 'string' ? job : undefined,
    typeof phone === 'string' ? phone : undefined,
  ].filter((x): x is string => x !== undefined);
  return text(same(extra.length > 0 ? `${name} (${extra.join(', ')})` : name));
};

function identity(r: Reader, rec: Obj): LayoutRow[] {
  const b = obj(own(rec, 'biography'));
  const rows = [
    row('fullName', F.fullName!, value(r, own(b, 'fullName'), written)),
    row('dateOfBirth', F.dateOfBirth!, value(r, own(b, 'dateOfBirth'), formatted(calendarDate))),
    row('sex', F.sex!, value(r, own(b, 'sex'), coded(SEX_LABELS))),
    row('birthplace', F.birthplace!, value(r, own(b, 'birthplace'), written)),
    row('ethnicity', F.ethnicity!, value(r, own(b, 'ethnicity'), written)),
    ...optionalRow(r, 'nationality', F.nationality!, own(b, 'nationality'), written),
  ];
  const guardians = own(b, 'guardians');
  if (Array.isArray(guardians) && guardians.length > 0) {
    guardians.forEach((g, i) => {
      const rel = own(obj(g), 'relation');
      const label =
        typeof rel === 'string' && Object.hasOwn(GUARDIAN_RELATION_LABELS, rel)
          ? GUARDIAN_RELATION_LABELS[rel as 'father']
          : F.guardians!;
      rows.push(row(`guardians.${i}`, label, value(r, g, guardian)));
    });
  } else {
    rows.push(
      row(
        'guardians',
        F.guardians!,
        value(r, guardians, (v) =>
          Array.isArray(v) ? text({ vi: 'Không ghi', en: 'None recorded' }) : undefined,
        ),
      ),
    );
  }
  rows.push(
    row('nationalId', F.nationalId!, value(r, own(rec, 'nationalId'), written)),
    row('studentCode', F.studentCode!, value(r, own(rec, 'studentCode'), written)),
  );
  return rows;
}

const UNKNOWN_NAME: Label = { vi: 'Chưa có tên trong dữ liệu tra cứu', en: 'Name not available' };

/** A name from the context, its code (from the record) as a detail; in words when the name is unknown. */
function named(r: Reader, name: string | undefined, code: unknown): LayoutValue {
  const detail = typeof code === 'string' && code.length > 0 ? same(code) : undefined;
  if (name !== undefined && name.trim() !== '') return text(same(name), detail);
  if (code === undefined && r.partial) return value(r, undefined, written);
  return text(UNKNOWN_NAME, detail);
}

function year(r: Reader, rec: Obj, ctx: LayoutContext, form: Form): LayoutYear {
  const grade = own(rec, 'grade');
  const version = own(rec, 'version');
  const supersedes = own(rec, 'supersedes');
  const facts: LayoutRow[] = [
    row('level', F.level!, value(r, own(rec, 'level'), coded(SCHOOL_LEVEL_LABELS))),
    row(
      'version',
      F.version!,
      value(r, version, (v) =>
        typeof v === 'number' && Number.isInteger(v) && v >= 1
          ? text(
              v === 1
                ? { vi: 'Bản đầu tiên', en: 'First version' }
                : { vi: `Bản điều chỉnh lần ${v - 1}`, en: `Corrected version ${v - 1}` },
            )
          : undefined,
      ),
    ),
    ...optionalRow(r, 'supersedes', F.supersedes!, supersedes, written),
    row(
      'effectiveAt',
      F.effectiveAt!,
      own(rec, 'effectiveAt') === undefined && !r.partial
        ? text({ vi: 'Chưa chốt (bản nháp)', en: 'Not locked yet (draft)' })
        : value(r, own(rec, 'effectiveAt'), formatted(instantText)),
    ),
    row('recordId', F.recordId!, value(r, own(rec, 'recordId'), written)),
  ];
  const sections: LayoutSection[] =
    form === 'TT27' ? primarySections(r, rec) : form === 'unknown' ? [] : secondarySections(r, rec);
  return {
    schoolYear: value(r, own(rec, 'schoolYear'), formatted(schoolYearText)),
    grade: value(r, grade, (g) =>
      typeof g === 'number' && Number.isInteger(g) ? text({ vi: `Lớp ${g}`, en: `Grade ${g}` }) : undefined,
    ),
    school: named(r, ctx.schoolName, own(rec, 'schoolCode')),
    className: named(r, ctx.className, own(rec, 'classId')),
    facts,
    sections,
  };
}

const SIGNED: Label = { vi: 'Đã ký số', en: 'Digitally signed' };

/** The record's own signature for a role (vendor systems sign role by role), if it carries one. */
function recordSignature(rec: Obj, role: string): LayoutSignature | undefined {
  const sigs = own(rec, 'signatures');
  if (!Array.isArray(sigs)) return undefined;
  const s = sigs.find((x) => isObj(x) && own(x, 'role') === role);
  if (!isObj(s)) return undefined;
  const signer = own(s, 'signer');
  const at = instantText(own(s, 'signedAt'));
  return {
    state: 'signed',
    text: SIGNED,
    ...(typeof signer === 'string' && { signer: same(signer) }),
    ...(at && { signedAt: at }),
  };
}

function confirmations(r: Reader, rec: Obj, ctx: LayoutContext): LayoutConfirmation[] {
  const locked = own(rec, 'effectiveAt') !== undefined;
  // A partial record that withholds its lock time says nothing of the steps before it: not "not yet".
  const unknownStep: LayoutSignature | undefined =
    !locked && r.partial ? { state: 'unsigned', text: { vi: 'Không hiển thị', en: 'Not shown' } } : undefined;
  const approval = obj(own(obj(own(rec, 'results')), 'principalApproval'));
  const approver = own(approval, 'principal');
  // In progress with the workflow's sign-offs (the console's review): the steps done so far, in their words.
  if (!locked && !r.partial && ctx.signature === undefined && ctx.signOffs !== undefined)
    return inProgressConfirmations(ctx.signOffs, ctx, {
      principal: approver,
      approvedAt: own(approval, 'approvedAt'),
    });
  const nameOf = (n: string | undefined, fallback?: unknown): LayoutValue =>
    n !== undefined && n.trim() !== ''
      ? text(same(n))
      : typeof fallback === 'string'
        ? text(same(fallback))
        : text({ vi: 'Chưa có tên trong dữ liệu tra cứu', en: 'Name not available' });
  const confirmed: LayoutSignature = locked
    ? {
        state: 'confirmed',
        text: {
          vi: 'Đã xác nhận trên hệ thống trước khi chốt học bạ',
          en: 'Confirmed in the system before the record was locked',
        },
      }
    : (unknownStep ?? { state: 'unsigned', text: { vi: 'Chưa xác nhận', en: 'Not confirmed yet' } });

  const batch = ctx.signature;
  const batchAt = batch?.signedAt === undefined ? undefined : instantText(batch.signedAt);
  const principalSig: LayoutSignature =
    batch !== undefined && (batch.signer !== undefined || batchAt !== undefined)
      ? {
          state: 'signed',
          text: SIGNED,
          ...(batch.signer !== undefined && { signer: same(batch.signer) }),
          ...(batchAt && { signedAt: batchAt }),
        }
      : (recordSignature(rec, 'principal') ??
        (locked
          ? {
              state: 'confirmed',
              text: {
                vi: 'Học bạ đã chốt; chữ ký số của lô học bạ được kiểm tra ở bước xác minh',
                en: 'The record is locked; the batch’s digital signature is checked by the verification',
              },
            }
          : (unknownStep ?? { state: 'unsigned', text: { vi: 'Chưa ký', en: 'Not signed yet' } })));

  const approvedAt = own(approval, 'approvedAt');
  return [
    {
      role: 'homeroomTeacher',
      title: SIGNER_ROLE_LABELS.homeroomTeacher,
      name: nameOf(ctx.homeroomTeacherName, recordSignerName(rec, 'homeroomTeacher')),
      signature: recordSignature(rec, 'homeroomTeacher') ?? confirmed,
    },
    {
      role: 'principal',
      title: SIGNER_ROLE_LABELS.principal,
      name: nameOf(ctx.principalName, approver),
      ...(approvedAt !== undefined || r.partial
        ? {
            date: value(r, approvedAt, (v) => {
              const d = instantDate(v);
              return d && text({ vi: `Phê duyệt ngày ${d.vi}`, en: `Approved on ${d.en}` });
            }),
          }
        : {}),
      signature: principalSig,
    },
  ];
}

function recordSignerName(rec: Obj, role: string): string | undefined {
  const sigs = own(rec, 'signatures');
  if (!Array.isArray(sigs)) return undefined;
  const s = sigs.find((x) => isObj(x) && own(x, 'role') === role);
  const n = isObj(s) ? own(s, 'signer') : undefined;
  return typeof n === 'string' ? n : undefined;
}

const reasonValue = (code: string | undefined): LayoutValue | undefined => {
  if (code === undefined) return undefined;
  const l = STATUS_REASON_LABELS[code];
  return l ? text(l) : text({ vi: 'Lý do khác', en: 'Other reason' }, same(code));
};

/** The context's live status, in words. */
export function statusOf(s: StatusFact): LayoutStatus {
  if (s.state === 'valid') {
    return {
      state: 'valid',
      text: { vi: 'Học bạ đang có hiệu lực', en: 'The record is in force' },
      rows: [],
    };
  }
  if (s.state === 'unknown') {
    return {
      state: 'unknown',
      text: {
        vi: 'Chưa kiểm tra được tình trạng hiện tại (cần kết nối với sổ cái)',
        en: 'The current status could not be checked (the ledger is needed)',
      },
      rows: [],
    };
  }
  const on = s.at === undefined ? undefined : instantDate(s.at);
  const heads: Record<typeof s.state, Label> = {
    revoked: { vi: 'Học bạ đã bị thu hồi', en: 'The record was revoked' },
    recalled: { vi: 'Lô học bạ đã bị thu hồi', en: 'The record’s batch was recalled' },
    superseded: { vi: 'Học bạ đã được thay thế', en: 'The record was superseded' },
    corrected: { vi: 'Học bạ đã được điều chỉnh', en: 'The record was corrected' },
  };
  const head = heads[s.state];
  const rows: LayoutRow[] = [];
  const reason = reasonValue(s.reasonCode);
  if (reason) rows.push(row('reason', { vi: 'Lý do', en: 'Reason' }, reason));
  if (s.legalBasis !== undefined)
    rows.push(row('legalBasis', { vi: 'Căn cứ', en: 'Legal basis' }, text(same(s.legalBasis))));
  if ('by' in s && s.by !== undefined) {
    const n = normalizeLookupCode(s.by);
    rows.push(
      row(
        'by',
        { vi: 'Bản thay thế', en: 'Replaced by' },
        text(same(n.ok ? formatLookupCode(n.code) : s.by)),
      ),
    );
  }
  return {
    state: s.state,
    text: on ? { vi: `${head.vi} ngày ${on.vi}`, en: `${head.en} on ${on.en}` } : head,
    rows,
  };
}

/**
 * Fields as integrity counts them (DESIGN.md §4.2): each scalar, and each empty object or array, is one; the
 * holes of a partial array are fields not shown.
 */
function countFields(x: unknown): number {
  if (Array.isArray(x)) {
    const items = x.filter(() => true); // skips holes
    return x.length === 0 ? 1 : items.reduce<number>((n, y) => n + countFields(y), 0);
  }
  if (isObj(x)) {
    const values = Object.values(x).filter((v) => v !== undefined);
    return values.length === 0 ? 1 : values.reduce<number>((n, y) => n + countFields(y), 0);
  }
  return x === undefined ? 0 : 1;
}

function fieldCount(record: unknown, hidden: number): LayoutFieldCount {
  // An empty object is what a disclosure of no field rebuilds to: nothing is shown.
  const shown = isObj(record) && Object.keys(record).length > 0 ? countFields(record) : 0;
  const total = shown + hidden;
  return {
    shown,
    hidden,
    text:
      hidden === 0
        ? { vi: `Hiển thị đủ ${shown} mục thông tin`, en: `All ${shown} items of information shown` }
        : {
            vi: `Hiển thị ${shown}/${total} mục thông tin; ${hidden} mục không hiển thị theo lựa chọn của người giữ học bạ`,
            en: `${shown} of ${total} items of information shown; ${hidden} withheld by the record’s holder`,
          },
  };
}

const NOTES_PARTIAL: Label = {
  vi: '"Không hiển thị": mục thông tin có trong học bạ nhưng người giữ học bạ không chia sẻ; nội dung của mục đó vẫn được bảo vệ bằng mã băm trong bằng chứng.',
  en: '"Not shown": an item the record holds that its holder did not share; its content is still bound by a hash in the proof.',
};
const NOTE_SIGNED: Label = {
  vi: 'Nội dung học bạ được nhà trường ký số và neo trên sổ cái của ngành; có thể kiểm tra bằng mã số tra cứu.',
  en: 'The record’s content is digitally signed by the school and anchored on the sector’s ledger; check it with the lookup code.',
};

/** The học bạ page of a record (full or partial) in its context. Never throws. */
export function layoutHocBa(record: unknown, context: LayoutContext = {}): HocBaLayout {
  const rec = obj(record);
  const hidden =
    typeof context.hiddenFields === 'number' &&
    Number.isInteger(context.hiddenFields) &&
    context.hiddenFields > 0
      ? context.hiddenFields
      : 0;
  const r: Reader = { partial: hidden > 0 };
  const form = formOf(rec);
  const codeText = context.lookupCode ?? own(rec, 'lookupCode');
  const code = typeof codeText === 'string' ? normalizeLookupCode(codeText) : undefined;
  return {
    form,
    title: { vi: 'HỌC BẠ', en: 'SCHOOL RECORD' },
    subtitle: SUBTITLES[form],
    completeness: r.partial ? 'partial' : 'full',
    identity: identity(r, rec),
    years: [year(r, rec, context, form)],
    confirmations: [confirmations(r, rec, context)],
    // A code of another issuer (the schema allows 16–40 symbols) is printed as it is.
    ...(code !== undefined && { lookupCode: code.ok ? formatLookupCode(code.code) : (codeText as string) }),
    ...(context.status && { status: statusOf(context.status) }),
    fields: fieldCount(record, hidden),
    notes: r.partial ? [NOTES_PARTIAL, NOTE_SIGNED] : [NOTE_SIGNED],
  };
}
