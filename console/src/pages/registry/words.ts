/** The registry area's words (the province's certificates, permissions, districts and schools), Vietnamese first. */
import type { Lang } from '../../words.ts';

const W = {
  title: { vi: 'Chứng thư, quyền và đơn vị', en: 'Certificates, permissions and units' },
  tabCerts: { vi: 'Chứng thư số', en: 'Certificates' },
  tabPermissions: { vi: 'Quyền đã cho phép', en: 'Permissions' },
  tabUnits: { vi: 'Đơn vị và trường', en: 'Districts and schools' },
  loading: { vi: 'Đang tải…', en: 'Loading…' },
  back: { vi: 'Quay lại', en: 'Back' },
  cancel: { vi: 'Hủy', en: 'Cancel' },
  sending: { vi: 'Đang gửi…', en: 'Sending…' },
  queuedNote: {
    vi: 'Đã gửi. Sổ cái sẽ ghi nhận trong ít giây; danh sách tự cập nhật.',
    en: 'Sent. The ledger records it within seconds; the list updates by itself.',
  },
  // Certificates.
  pendingTitle: { vi: 'Chứng thư số chờ Sở phê duyệt', en: 'Certificates waiting for approval' },
  pendingIntro: {
    vi: 'Trường gửi chứng thư số của hiệu trưởng (Điều 8.5); Sở phê duyệt trước khi chữ ký bằng chứng thư được công nhận (Điều 4.3b).',
    en: 'Schools send their principal’s certificate; the province approves it before signatures with it count.',
  },
  noPending: {
    vi: 'Không có chứng thư số nào chờ phê duyệt.',
    en: 'No certificate is waiting for approval.',
  },
  approvedTitle: { vi: 'Chứng thư số đang có hiệu lực', en: 'Approved certificates' },
  noApproved: { vi: 'Chưa có chứng thư số nào được phê duyệt.', en: 'No certificate is approved yet.' },
  revokedTitle: { vi: 'Chứng thư số đã thu hồi', en: 'Revoked certificates' },
  certOf: { vi: 'Chứng thư số của {holder}', en: 'Certificate of {holder}' },
  issuedBy: { vi: 'do {issuer} cấp', en: 'issued by {issuer}' },
  validFromTo: { vi: 'hiệu lực từ {from} đến {to}', en: 'valid from {from} to {to}' },
  school: { vi: 'Trường', en: 'School' },
  sentBy: { vi: 'Trường gửi ngày {date}, người gửi: {who}.', en: 'Sent on {date} by {who}.' },
  sentOn: { vi: 'Đăng ký ngày {date}.', en: 'Registered on {date}.' },
  serial: { vi: 'Số hiệu', en: 'Serial number' },
  notOnLedger: {
    vi: 'Sổ cái chưa ghi nhận việc đăng ký; chờ ít giây rồi phê duyệt.',
    en: 'The ledger has not recorded the registration yet; approve it in a few seconds.',
  },
  waitingApproval: { vi: 'Đã phê duyệt, chờ sổ cái ghi nhận', en: 'Approved, waiting for the ledger' },
  waitingRevocation: { vi: 'Đã thu hồi, chờ sổ cái ghi nhận', en: 'Revoked, waiting for the ledger' },
  approve: { vi: 'Phê duyệt', en: 'Approve' },
  revoke: { vi: 'Thu hồi', en: 'Revoke' },
  approveTitle: { vi: 'Phê duyệt chứng thư số', en: 'Approve the certificate' },
  approveWhat: {
    vi: 'Sau khi phê duyệt, chữ ký của hiệu trưởng bằng chứng thư này được công nhận khi ghi học bạ vào sổ cái.',
    en: 'Once approved, the principal’s signatures with this certificate count when records go on the ledger.',
  },
  approveConfirm: { vi: 'Xác nhận phê duyệt', en: 'Confirm the approval' },
  revokeTitle: { vi: 'Thu hồi chứng thư số', en: 'Revoke the certificate' },
  revokeWhat: {
    vi: 'Từ lúc thu hồi, chữ ký bằng chứng thư này không còn được công nhận; các lô đã ký trước đó vẫn giữ giá trị.',
    en: 'From now on, signatures with this certificate no longer count; batches signed before keep their value.',
  },
  reason: { vi: 'Lý do thu hồi', en: 'Reason for revoking' },
  reasonMissing: { vi: 'Chọn lý do thu hồi', en: 'Choose a reason for revoking' },
  revokeConfirm: { vi: 'Xác nhận thu hồi', en: 'Confirm the revocation' },
  certGone: { vi: 'Không tìm thấy chứng thư số này.', en: 'No such certificate.' },
  // Permissions.
  permissionsTitle: { vi: 'Quyền Sở đã cho phép', en: 'Permissions the province gave' },
  permissionsIntro: {
    vi: 'Sở cho phép trường thu hồi học bạ, thu hồi hoặc thay thế lô đã ghi sổ cái trong một thời hạn (Điều 6.c).',
    en: 'The province allows a school to revoke a record, recall or replace a batch within a time limit.',
  },
  noPermissions: { vi: 'Sở chưa cho phép lần nào.', en: 'No permission given yet.' },
  grantNew: { vi: 'Cho phép mới', en: 'Give a permission' },
  colSchool: { vi: 'Trường', en: 'School' },
  colBatch: { vi: 'Lô học bạ', en: 'Batch' },
  colKind: { vi: 'Được phép', en: 'Allowed' },
  colUntil: { vi: 'Đến hết ngày', en: 'Until' },
  colBy: { vi: 'Người cho phép', en: 'Given by' },
  colState: { vi: 'Sổ cái', en: 'Ledger' },
  colBasis: { vi: 'Căn cứ', en: 'Legal basis' },
  stateQueued: { vi: 'Chờ ghi nhận', en: 'Waiting' },
  stateRecorded: { vi: 'Đã ghi nhận', en: 'Recorded' },
  stateRefused: { vi: 'Bị từ chối', en: 'Refused' },
  batchOf: { vi: 'Lớp {class}, năm học {year}', en: 'Class {class}, year {year}' },
  batchSchool: { vi: 'Cả trường, năm học {year}', en: 'Whole school, year {year}' },
  grantTitle: { vi: 'Cho phép trường thu hồi hoặc thay thế', en: 'Allow a school to revoke or replace' },
  pickSchool: { vi: 'Chọn trường…', en: 'Choose a school…' },
  pickBatch: { vi: 'Chọn lô…', en: 'Choose a batch…' },
  schoolMissing: { vi: 'Chọn trường', en: 'Choose a school' },
  batchField: { vi: 'Lô học bạ đã ghi sổ cái', en: 'Batch on the ledger' },
  batchHint: {
    vi: 'Chỉ các lô đã ghi vào sổ cái và chưa bị thu hồi, thay thế.',
    en: 'Only batches on the ledger, not recalled or replaced.',
  },
  noBatches: {
    vi: 'Trường này chưa có lô nào đã ghi sổ cái.',
    en: 'This school has no batch on the ledger.',
  },
  batchMissing: { vi: 'Chọn lô học bạ', en: 'Choose a batch' },
  kindField: { vi: 'Cho phép trường', en: 'Allow the school to' },
  kindMissing: { vi: 'Chọn việc được phép', en: 'Choose what is allowed' },
  untilField: { vi: 'Được phép đến hết ngày', en: 'Allowed until the end of' },
  untilHint: { vi: 'Ví dụ: 31 12 2026', en: 'For example: 31 12 2026' },
  untilMissing: { vi: 'Nhập ngày hết hạn', en: 'Enter the last day' },
  untilInvalid: { vi: 'Ngày hết hạn phải là một ngày có thật', en: 'The last day must be a real date' },
  untilPast: { vi: 'Ngày hết hạn phải sau hôm nay', en: 'The last day must be after today' },
  basisField: { vi: 'Căn cứ pháp lý', en: 'Legal basis' },
  basisHint: { vi: 'Số quyết định của Sở, ví dụ: QĐ 12/QĐ-SGDĐT', en: 'The decision’s number' },
  basisMissing: {
    vi: 'Nhập căn cứ pháp lý (ít nhất 3 ký tự)',
    en: 'Enter the legal basis (3 characters or more)',
  },
  grant: { vi: 'Cho phép', en: 'Give the permission' },
  // Districts and schools.
  unitsTitle: { vi: 'Đơn vị cấp huyện/xã và trường', en: 'Districts and schools' },
  unitsIntro: {
    vi: 'Mỗi trường thuộc một đơn vị; đơn vị đó xác nhận (chứng thực) mọi lô học bạ của trường trên sổ cái.',
    en: 'Each school belongs to a district, which endorses every batch of the school on the ledger.',
  },
  newSchool: { vi: 'Đăng ký trường', en: 'Register a school' },
  newDistrict: { vi: 'Đăng ký đơn vị', en: 'Register a district' },
  schoolsCount: { vi: '{n} trường', en: '{n} schools' },
  noSchools: { vi: 'Chưa có trường nào.', en: 'No school yet.' },
  colCode: { vi: 'Mã trường', en: 'School id' },
  colName: { vi: 'Tên trường', en: 'Name' },
  colLevel: { vi: 'Cấp học', en: 'Level' },
  move: { vi: 'Chuyển đơn vị', en: 'Move' },
  pendingUnits: { vi: 'Đang chờ sổ cái ghi nhận', en: 'Waiting for the ledger' },
  pendingRegisterSchool: { vi: 'Đăng ký trường {id} ({name})', en: 'Register school {id} ({name})' },
  pendingRegisterDistrict: { vi: 'Đăng ký đơn vị {id} ({name})', en: 'Register district {id} ({name})' },
  pendingMove: { vi: 'Chuyển trường {id} sang {to}', en: 'Move school {id} to {to}' },
  refusedByLedger: { vi: 'Sổ cái từ chối', en: 'Refused by the ledger' },
  schoolIdField: { vi: 'Mã trường', en: 'School id' },
  schoolIdHint: {
    vi: 'Mã định danh của trường trên sổ cái, ví dụ SCH-QN-010 (chữ, số, dấu chấm, gạch).',
    en: 'The school’s id on the ledger, e.g. SCH-QN-010 (letters, digits, dot, dash).',
  },
  schoolIdMissing: { vi: 'Nhập mã trường', en: 'Enter the school id' },
  schoolIdInvalid: {
    vi: 'Mã trường chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới',
    en: 'The id may hold only letters, digits, dot, dash and underscore',
  },
  schoolNameField: { vi: 'Tên trường', en: 'School name' },
  nameMissing: { vi: 'Nhập tên (ít nhất 2 ký tự)', en: 'Enter the name (2 characters or more)' },
  levelField: { vi: 'Cấp học', en: 'Level' },
  levelMissing: { vi: 'Chọn cấp học', en: 'Choose the level' },
  districtField: { vi: 'Đơn vị quản lý', en: 'District' },
  pickDistrict: { vi: 'Chọn đơn vị…', en: 'Choose a district…' },
  districtMissing: { vi: 'Chọn đơn vị', en: 'Choose a district' },
  register: { vi: 'Đăng ký', en: 'Register' },
  districtIdField: { vi: 'Mã đơn vị', en: 'District id' },
  districtIdHint: { vi: 'Ví dụ: district3', en: 'For example: district3' },
  districtIdMissing: { vi: 'Nhập mã đơn vị', en: 'Enter the district id' },
  districtNameField: { vi: 'Tên đơn vị', en: 'District name' },
  districtNameHint: { vi: 'Ví dụ: Phòng GD&ĐT Uông Bí', en: 'For example: Phòng GD&ĐT Uông Bí' },
  mspField: { vi: 'Tổ chức xác nhận trên sổ cái', en: 'Endorsing organisation on the ledger' },
  mspHint: {
    vi: 'Máy chủ sổ cái của đơn vị nào sẽ xác nhận các lô của trường thuộc đơn vị này.',
    en: 'Whose ledger peer endorses the batches of this district’s schools.',
  },
  mspMissing: { vi: 'Chọn tổ chức xác nhận', en: 'Choose the endorsing organisation' },
  mspOf: { vi: 'Máy chủ của {name}', en: 'The peer of {name}' },
  moveTitle: { vi: 'Chuyển trường sang đơn vị khác', en: 'Move a school to another district' },
  moveWhat: {
    vi: '{school} đang thuộc {from}. Sau khi chuyển, đơn vị mới xác nhận các lô học bạ của trường; {from} xác nhận việc chuyển này trên sổ cái.',
    en: '{school} is in {from}. Once moved, the new district endorses its batches; {from} endorses the move on the ledger.',
  },
  moveTo: { vi: 'Chuyển sang đơn vị', en: 'Move to' },
  moveConfirm: { vi: 'Xác nhận chuyển', en: 'Confirm the move' },
  schoolGone: { vi: 'Không tìm thấy trường này.', en: 'No such school.' },
} as const satisfies Record<string, Record<Lang, string>>;

export type RegistryWord = keyof typeof W;

/** A word of the area, `{name}` filled from `vars`. */
export function rw(key: RegistryWord, lang: Lang, vars: Record<string, string | number> = {}): string {
  return W[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

/** Why the province revokes (the gateway's REVOCATION_REASONS). */
export const REASON_WORDS: Record<string, Record<Lang, string>> = {
  KEY_COMPROMISE: {
    vi: 'Lộ khóa bí mật hoặc mất thiết bị ký',
    en: 'The private key or token was compromised or lost',
  },
  AFFILIATION_CHANGED: { vi: 'Hiệu trưởng thôi giữ chức vụ', en: 'The principal left the post' },
  SUPERSEDED: { vi: 'Thay bằng chứng thư số mới', en: 'Replaced by a new certificate' },
  CESSATION_OF_OPERATION: { vi: 'Trường ngừng hoạt động', en: 'The school closed' },
};

/** What the province allows (seed 000 Điều 6.c). */
export const PERMISSION_WORDS: Record<string, Record<Lang, string>> = {
  revoke: { vi: 'Thu hồi học bạ trong lô', en: 'Revoke records of the batch' },
  recall: { vi: 'Thu hồi cả lô', en: 'Recall the batch' },
  replace: { vi: 'Báo cáo thay thế lô', en: 'Replace the batch' },
};

export const LEVEL_WORDS: Record<string, Record<Lang, string>> = {
  TH: { vi: 'Tiểu học', en: 'Primary' },
  THCS: { vi: 'Trung học cơ sở', en: 'Lower secondary' },
  THPT: { vi: 'Trung học phổ thông', en: 'Upper secondary' },
  GDTX: { vi: 'Giáo dục thường xuyên', en: 'Continuing education' },
};

/** The readable part of an RFC 4514 name: its CN, and its O when there is one. */
export function nameText(dn: string): string {
  const attr = (k: string) =>
    new RegExp(`(?:^|,)${k}=((?:\\\\.|[^,])*)`).exec(dn)?.[1]?.replace(/\\(.)/g, '$1');
  const parts = [attr('CN'), attr('O')].filter((x): x is string => !!x);
  return [...new Set(parts)].join(', ') || dn;
}
