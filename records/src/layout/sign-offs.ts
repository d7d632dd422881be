/**
 * The confirmation blocks of a record still in progress, from the school workflow's sign-offs (the console's
 * review): "Đã rà soát", "Đã xác nhận", "Đã phê duyệt" with who and on which day. Never "đã ký": a signature
 * exists only once the record is locked, and a locked record's blocks are drawn by layout.ts alone.
 */
import { subjectName } from '../curriculum.ts';
import { type Label, SIGNER_ROLE_LABELS } from '../labels.ts';
import { instantDate, join } from './format.ts';
import type { LayoutConfirmation, LayoutValue, WorkflowSignOff } from './model.ts';
import { BLANK, same, text } from './words.ts';

const UNKNOWN_NAME: Label = { vi: 'Chưa có tên trong dữ liệu tra cứu', en: 'Name not available' };

const when = (s: WorkflowSignOff): number => {
  const t = typeof s.at === 'string' ? Date.parse(s.at) : s.at instanceof Date ? s.at.getTime() : Number.NaN;
  return Number.isNaN(t) ? 0 : t;
};

/** The last sign-off of a role (a step done twice counts once, at its latest). */
const latest = (xs: readonly WorkflowSignOff[]): WorkflowSignOff | undefined =>
  xs.reduce<WorkflowSignOff | undefined>(
    (a, x) => (a === undefined || when(x) >= when(a) ? x : a),
    undefined,
  );

const usable = (n: string | undefined): n is string => n !== undefined && n.trim() !== '';

/** The first name known; a step not done yet leaves the line blank (the name is written when it is done). */
function nameOf(done: boolean, ...names: (string | undefined)[]): LayoutValue {
  const n = names.find(usable);
  return n !== undefined ? text(same(n)) : done ? text(UNKNOWN_NAME) : BLANK;
}

function dated(s: WorkflowSignOff | undefined, words: (d: Label) => Label): { date?: LayoutValue } {
  const d = s === undefined ? undefined : instantDate(s.at);
  return d ? { date: text(words(d)) } : {};
}

/** One block per person of a subject group, naming the subjects they confirmed. */
function subjectGroups(confirms: readonly WorkflowSignOff[]): LayoutConfirmation[] {
  const byName = new Map<string, WorkflowSignOff[]>();
  for (const c of confirms) {
    const key = usable(c.name) ? c.name : '';
    byName.set(key, [...(byName.get(key) ?? []), c]);
  }
  return [...byName].map(([name, xs]) => {
    const subjects = [...new Set(xs.flatMap((x) => (x.subject === undefined ? [] : [x.subject])))];
    const list = join(subjects.map(subjectName), { vi: ', ', en: ', ' });
    return {
      role: 'subjectGroup',
      title: SIGNER_ROLE_LABELS.subjectGroup,
      name: nameOf(true, name),
      ...dated(latest(xs), (d) => ({ vi: `Xác nhận ngày ${d.vi}`, en: `Confirmed on ${d.en}` })),
      signature: {
        state: 'confirmed',
        text:
          subjects.length > 0
            ? { vi: `Đã xác nhận: ${list.vi}`, en: `Confirmed: ${list.en}` }
            : { vi: 'Đã xác nhận', en: 'Confirmed' },
      },
    };
  });
}

/**
 * The blocks before lock: the homeroom teacher's review, each subject group's confirmations, the principal's
 * approval. Names from the sign-off first (who did the step), then the context, then the record's approver; an
 * approval the record carries (an imported record) counts when the workflow has none.
 */
export function inProgressConfirmations(
  signOffs: readonly WorkflowSignOff[],
  ctx: { homeroomTeacherName?: string; principalName?: string },
  recordApproval: { principal: unknown; approvedAt: unknown },
): LayoutConfirmation[] {
  const review = latest(signOffs.filter((s) => s.role === 'homeroomTeacher'));
  const confirms = [...signOffs.filter((s) => s.role === 'subjectGroup')].sort((a, b) => when(a) - when(b));
  const approver = typeof recordApproval.principal === 'string' ? recordApproval.principal : undefined;
  const recorded: WorkflowSignOff | undefined =
    instantDate(recordApproval.approvedAt) === undefined
      ? undefined
      : {
          role: 'principal',
          at: recordApproval.approvedAt as string,
          ...(approver !== undefined && { name: approver }),
        };
  const approval = latest(signOffs.filter((s) => s.role === 'principal')) ?? recorded;
  return [
    {
      role: 'homeroomTeacher',
      title: SIGNER_ROLE_LABELS.homeroomTeacher,
      name: nameOf(review !== undefined, review?.name, ctx.homeroomTeacherName),
      ...dated(review, (d) => ({ vi: `Rà soát ngày ${d.vi}`, en: `Reviewed on ${d.en}` })),
      signature: review
        ? { state: 'confirmed', text: { vi: 'Đã rà soát', en: 'Reviewed' } }
        : { state: 'unsigned', text: { vi: 'Chưa rà soát', en: 'Not reviewed yet' } },
    },
    ...subjectGroups(confirms),
    {
      role: 'principal',
      title: SIGNER_ROLE_LABELS.principal,
      name: nameOf(approval !== undefined, approval?.name, ctx.principalName, approver),
      ...dated(approval, (d) => ({ vi: `Phê duyệt ngày ${d.vi}`, en: `Approved on ${d.en}` })),
      signature: approval
        ? { state: 'confirmed', text: { vi: 'Đã phê duyệt', en: 'Approved' } }
        : { state: 'unsigned', text: { vi: 'Chưa phê duyệt', en: 'Not approved yet' } },
    },
  ];
}
