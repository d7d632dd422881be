/**
 * The audit log's actions in words (issue 14): what each `action` the gateway writes means to the auditor
 * who reads it, Vietnamese first, and the group it is filtered by. Every action written anywhere in
 * gateway/src must be here: gateway/test/services/audit-actions.test.ts finds them in the source and fails
 * on one without words. An outbox action the ledger refused is logged as `<its action>Refused` and reads as
 * the ledger's refusal of that action.
 */
import type { Localized } from '@hocba/integrity';

/** The groups an auditor filters by, in the order the console lists them. */
export const AUDIT_GROUPS = [
  'batches',
  'records',
  'corrections',
  'certificates',
  'reports',
  'calendar',
  'registry',
  'trustAnchors',
  'reconciliations',
  'accounts',
  'pupils',
  'transfers',
  'windows',
  'system',
] as const;
export type AuditGroup = (typeof AUDIT_GROUPS)[number];

export const AUDIT_GROUP_WORDS: Readonly<Record<AuditGroup, Localized>> = {
  batches: { vi: 'Lô học bạ', en: 'Batches' },
  records: { vi: 'Học bạ', en: 'Records' },
  corrections: { vi: 'Chỉnh sửa học bạ', en: 'Corrections' },
  certificates: { vi: 'Chứng thư số', en: 'Certificates' },
  reports: { vi: 'Báo cáo lên Bộ', en: 'Reports to the Ministry' },
  calendar: { vi: 'Lịch năm học', en: 'School-year calendar' },
  registry: { vi: 'Phòng GD&ĐT và trường', en: 'District offices and schools' },
  trustAnchors: { vi: 'Chứng thư gốc tin cậy', en: 'Trust anchors' },
  reconciliations: { vi: 'Đối soát với sổ cái', en: 'Reconciliations with the ledger' },
  accounts: { vi: 'Tài khoản và phân quyền', en: 'Accounts and grants' },
  pupils: { vi: 'Học sinh và nhập dữ liệu', en: 'Pupils and imports' },
  transfers: { vi: 'Chuyển trường', en: 'Transfers' },
  windows: { vi: 'Khóa, mở nhập liệu', en: 'Editing windows' },
  system: { vi: 'Hệ thống', en: 'System' },
};

/** What an entry's words may name besides its action: the class of the batch or record it is about. */
export interface ActionContext {
  className?: string | null | undefined;
}

interface ActionWords {
  group: AuditGroup;
  vi: string;
  en: string;
  /** The words with the class named, when the entry has one ("Khóa lô học bạ lớp 5A"). */
  viClass?: (c: string) => string;
  enClass?: (c: string) => string;
}

/** A batch's action: "<verb> lô học bạ" and, when the class is known, "… lớp 5A". */
const batch = (vi: string, en: string, group: AuditGroup = 'batches'): ActionWords => ({
  group,
  vi: `${vi} lô học bạ`,
  en: `${en} batch`,
  viClass: (c) => `${vi} lô học bạ lớp ${c}`,
  enClass: (c) => `${en} batch of class ${c}`,
});

const plain = (group: AuditGroup, vi: string, en: string): ActionWords => ({ group, vi, en });

export const AUDIT_ACTIONS: Readonly<Record<string, ActionWords>> = {
  // Batches: lock, sign, anchor, accept, recall, replace, correct (DESIGN.md §7).
  'batch.lock': batch('Khóa', 'Locked'),
  'batch.prepareManifest': batch('Lập bản kê để ký', 'Prepared the manifest to sign of the'),
  'batch.sign': batch('Hiệu trưởng ký số', 'The principal signed the'),
  'batch.anchor': batch('Neo lên sổ cái', 'Anchored on the ledger the'),
  'batch.accept': batch('Phòng GD&ĐT tiếp nhận', 'The district office accepted the'),
  'batch.recallRequest': batch('Đề nghị thu hồi', 'Asked to recall the'),
  'batch.recall': batch('Thu hồi', 'Recalled the'),
  'batch.replace': batch('Lập lô thay thế cho', 'Made the replacement for the'),
  'batch.replaced': batch('Sổ cái ghi nhận việc thay thế', 'The ledger recorded the replacement of the'),
  'batch.correct': batch('Lập lô chỉnh sửa cho', 'Made the correction batch for the'),
  'batch.corrected': batch('Sổ cái ghi nhận lô chỉnh sửa của', 'The ledger recorded the correction of the'),
  'batch.grantPermission': batch(
    'Sở GD&ĐT cho phép thu hồi, thay thế hoặc hủy',
    'The province permitted a recall, replacement or revocation of the',
  ),
  'ledger.acceptBatch': batch('Sổ cái ghi nhận việc tiếp nhận', 'The ledger recorded the acceptance of the'),
  'ledger.recallBatch': batch('Sổ cái ghi nhận việc thu hồi', 'The ledger recorded the recall of the'),
  'ledger.grantPermission': batch(
    'Sổ cái ghi nhận quyền thu hồi, thay thế hoặc hủy',
    'The ledger recorded a permission for the',
  ),
  // Records, one pupil's year (DESIGN.md §7: entered → reviewed → confirmed → approved).
  'record.create': plain('records', 'Lập học bạ', 'Created a record'),
  'record.enter': plain('records', 'Nhập kết quả học bạ', 'Entered results'),
  'record.review': plain(
    'records',
    'Giáo viên chủ nhiệm rà soát học bạ',
    'The homeroom teacher reviewed a record',
  ),
  'record.confirm': plain('records', 'Tổ chuyên môn xác nhận học bạ', 'The subject group confirmed a record'),
  'record.approve': plain('records', 'Hiệu trưởng phê duyệt học bạ', 'The principal approved a record'),
  'record.disclose': plain('records', 'Học sinh chia sẻ học bạ', 'A holder disclosed a record'),
  'record.revokeRequest': plain('records', 'Đề nghị hủy một học bạ', 'Asked to revoke a record'),
  'ledger.revokeRecord': plain(
    'records',
    'Sổ cái ghi nhận việc hủy một học bạ',
    'The ledger recorded a record’s revocation',
  ),
  // Corrections after lock.
  'correction.request': plain('corrections', 'Đề nghị chỉnh sửa học bạ', 'Requested a correction'),
  'correction.check': plain('corrections', 'Kiểm tra đề nghị chỉnh sửa', 'Checked a correction request'),
  'correction.reject': plain('corrections', 'Từ chối đề nghị chỉnh sửa', 'Rejected a correction request'),
  'correction.approve': plain('corrections', 'Phê duyệt đề nghị chỉnh sửa', 'Approved a correction request'),
  // Principals' certificates.
  'certificate.register': plain(
    'certificates',
    'Đăng ký chứng thư số của hiệu trưởng',
    'Registered a principal’s certificate',
  ),
  'certificate.approve': plain(
    'certificates',
    'Sở GD&ĐT phê duyệt chứng thư số',
    'The province approved a certificate',
  ),
  'ledger.registerCertificate': plain(
    'certificates',
    'Sổ cái ghi nhận chứng thư số',
    'The ledger recorded a certificate',
  ),
  'ledger.approveCertificate': plain(
    'certificates',
    'Sổ cái ghi nhận việc phê duyệt chứng thư số',
    'The ledger recorded a certificate’s approval',
  ),
  // Engineer C (issue 14): the province revokes a principal's certificate (seed 000 Điều 4.3b).
  'certificate.revoke': plain(
    'certificates',
    'Sở GD&ĐT thu hồi chứng thư số',
    'The province revoked a certificate',
  ),
  'ledger.revokeCertificate': plain(
    'certificates',
    'Sổ cái ghi nhận việc thu hồi chứng thư số',
    'The ledger recorded a certificate’s revocation',
  ),
  // The yearly report (by 10/7) and its acknowledgement.
  'report.submit': plain(
    'reports',
    'Sở GD&ĐT nộp báo cáo năm học lên Bộ',
    'The province submitted the yearly report',
  ),
  'report.acknowledge': plain(
    'reports',
    'Bộ GD&ĐT xác nhận đã nhận báo cáo',
    'The Ministry acknowledged the report',
  ),
  'ledger.submitYearReport': plain(
    'reports',
    'Sổ cái ghi nhận báo cáo năm học',
    'The ledger recorded the yearly report',
  ),
  'ledger.acknowledgeYearReport': plain(
    'reports',
    'Sổ cái ghi nhận việc Bộ xác nhận báo cáo',
    'The ledger recorded the report’s acknowledgement',
  ),
  // The school year's calendar, set by the province on the ledger.
  'calendar.set': plain('calendar', 'Sở GD&ĐT đặt lịch năm học', 'The province set the school-year calendar'),
  'ledger.setCalendar': plain('calendar', 'Sổ cái ghi nhận lịch năm học', 'The ledger recorded the calendar'),
  // The province's registry of district offices and schools (on the ledger).
  'district.register': plain(
    'registry',
    'Sở GD&ĐT đăng ký Phòng GD&ĐT',
    'The province registered a district office',
  ),
  'school.register': plain('registry', 'Sở GD&ĐT đăng ký cơ sở giáo dục', 'The province registered a school'),
  'school.move': plain(
    'registry',
    'Chuyển cơ sở giáo dục sang Phòng GD&ĐT khác quản lý',
    'Moved a school to another district office',
  ),
  'ledger.registerDistrict': plain(
    'registry',
    'Sổ cái ghi nhận Phòng GD&ĐT',
    'The ledger recorded a district office',
  ),
  'ledger.registerSchool': plain(
    'registry',
    'Sổ cái ghi nhận cơ sở giáo dục',
    'The ledger recorded a school',
  ),
  'ledger.moveSchool': plain(
    'registry',
    'Sổ cái ghi nhận việc chuyển Phòng GD&ĐT quản lý',
    'The ledger recorded a school’s move',
  ),
  // The Ministry's trusted root CAs.
  'trustAnchor.register': plain(
    'trustAnchors',
    'Bộ GD&ĐT đăng ký chứng thư gốc tin cậy',
    'The Ministry registered a trust anchor',
  ),
  'trustAnchor.retire': plain(
    'trustAnchors',
    'Bộ GD&ĐT thôi tin cậy chứng thư gốc',
    'The Ministry retired a trust anchor',
  ),
  'ledger.registerTrustAnchor': plain(
    'trustAnchors',
    'Sổ cái ghi nhận chứng thư gốc tin cậy',
    'The ledger recorded a trust anchor',
  ),
  'ledger.retireTrustAnchor': plain(
    'trustAnchors',
    'Sổ cái ghi nhận việc thôi tin cậy chứng thư gốc',
    'The ledger recorded a trust anchor’s retirement',
  ),
  // The audit reconciliation of the database against the ledger.
  'reconciliation.run': plain(
    'reconciliations',
    'Đối soát cơ sở dữ liệu với sổ cái',
    'Reconciled the database with the ledger',
  ),
  // Accounts and grants.
  'user.create': plain('accounts', 'Tạo tài khoản', 'Created an account'),
  'user.grant': plain('accounts', 'Giao vai trò cho tài khoản', 'Granted a role'),
  'user.revoke': plain('accounts', 'Thu hồi vai trò của tài khoản', 'Revoked a role'),
  'user.enable': plain('accounts', 'Mở khóa tài khoản', 'Enabled an account'),
  'user.disable': plain('accounts', 'Khóa tài khoản', 'Disabled an account'),
  'deputy.assign': plain(
    'accounts',
    'Hiệu trưởng giao việc cho phó hiệu trưởng',
    'The principal assigned a deputy',
  ),
  'deputy.remove': plain(
    'accounts',
    'Hiệu trưởng thôi giao việc cho phó hiệu trưởng',
    'The principal removed a deputy',
  ),
  // Pupils.
  'student.create': plain('pupils', 'Thêm học sinh vào lớp', 'Added a pupil'),
  'student.enrol': plain('pupils', 'Xếp học sinh vào lớp', 'Enrolled a pupil'),
  'student.biography.update': plain('pupils', 'Cập nhật lý lịch học sinh', 'Updated a pupil’s biography'),
  'import.commit': plain('pupils', 'Ghi dữ liệu từ tệp Excel', 'Wrote an imported spreadsheet'),
  // Transfers of custody.
  'transfer.request': plain('transfers', 'Đề nghị chuyển trường', 'Requested a transfer'),
  'transfer.accept': plain(
    'transfers',
    'Trường nhận đồng ý chuyển trường',
    'The receiving school accepted a transfer',
  ),
  'transfer.reject': plain(
    'transfers',
    'Trường nhận từ chối chuyển trường',
    'The receiving school rejected a transfer',
  ),
  // Editing windows.
  'window.freeze': plain('windows', 'Khóa nhập liệu', 'Froze editing'),
  'window.unfreeze': plain('windows', 'Mở nhập liệu', 'Opened editing'),
  // The system's own.
  'seed.demoProvince': plain('system', 'Khởi tạo dữ liệu tỉnh mẫu', 'Seeded the demo province'),
};

const REFUSED = 'Refused';

/** The action's entry, and whether the ledger refused it (`<action>Refused`). */
function lookup(action: string): { words: ActionWords; refused: boolean } | undefined {
  const own = AUDIT_ACTIONS[action];
  if (own) return { words: own, refused: false };
  if (action.endsWith(REFUSED)) {
    const base = AUDIT_ACTIONS[action.slice(0, -REFUSED.length)];
    if (base) return { words: base, refused: true };
  }
  return undefined;
}

/** Whether the action has words (the test that every written action has them asks this). */
export const hasActionWords = (action: string): boolean => lookup(action) !== undefined;

/** The group the action is filtered by; an action without words is the system's. */
export const actionGroup = (action: string): AuditGroup => lookup(action)?.words.group ?? 'system';

/** Every action of a group, refusals included: what the group filter matches. */
export function actionsOfGroup(group: AuditGroup): string[] {
  const own = Object.entries(AUDIT_ACTIONS)
    .filter(([, w]) => w.group === group)
    .map(([a]) => a);
  return [...own, ...own.map((a) => `${a}${REFUSED}`)];
}

/** The action in words, with the class it is about when known. */
export function actionWords(action: string, ctx: ActionContext = {}): Localized {
  const found = lookup(action);
  if (!found) return { vi: 'Thao tác khác của hệ thống', en: 'Another system action' };
  const { words, refused } = found;
  const c = ctx.className ?? undefined;
  const vi = c && words.viClass ? words.viClass(c) : words.vi;
  const en = c && words.enClass ? words.enClass(c) : words.en;
  return refused ? { vi: `Sổ cái từ chối — ${vi}`, en: `Refused by the ledger — ${en}` } : { vi, en };
}
