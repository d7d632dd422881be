/** The audit area's words (the Ministry's audit log and trust anchors), Vietnamese first. */
import type { Lang } from '../../words.ts';

const W = {
  areaTitle: { vi: 'Nhật ký lưu vết và chứng thư gốc', en: 'Audit log and trust anchors' },
  tabLog: { vi: 'Nhật ký lưu vết', en: 'Audit log' },
  tabAnchors: { vi: 'Chứng thư gốc tin cậy', en: 'Trust anchors' },
  logIntro: {
    vi: 'Mọi thao tác làm thay đổi học bạ, lô học bạ, chứng thư số hay quyền được ghi lại ở đây, mới nhất trước. Giờ là giờ Việt Nam.',
    en: 'Every action that changed a record, a batch, a certificate or a grant is logged here, newest first. Times are Vietnam’s.',
  },
  filtersTitle: { vi: 'Lọc nhật ký', en: 'Filter the log' },
  school: { vi: 'Trường', en: 'School' },
  anySchool: { vi: 'Tất cả các trường', en: 'Every school' },
  actor: { vi: 'Người thực hiện', en: 'Who' },
  anyActor: { vi: 'Tất cả mọi người', en: 'Everyone' },
  group: { vi: 'Nhóm thao tác', en: 'Kind of action' },
  anyGroup: { vi: 'Tất cả các nhóm', en: 'Every kind' },
  action: { vi: 'Thao tác', en: 'Action' },
  anyAction: { vi: 'Tất cả các thao tác', en: 'Every action' },
  actionHint: { vi: 'Chọn nhóm trước để danh sách ngắn hơn.', en: 'Choose a kind first for a shorter list.' },
  from: { vi: 'Từ ngày', en: 'From' },
  to: { vi: 'Đến hết ngày', en: 'Until the end of' },
  dateHint: {
    vi: 'Ví dụ: 30 6 2026. Để trống nếu không giới hạn.',
    en: 'For example: 30 6 2026. Leave empty for no limit.',
  },
  fromInvalid: { vi: 'Ngày bắt đầu phải là một ngày có thật', en: 'The first day must be a real date' },
  toInvalid: { vi: 'Ngày kết thúc phải là một ngày có thật', en: 'The last day must be a real date' },
  fromMissing: {
    vi: 'Nhập đủ ngày, tháng và năm của ngày bắt đầu',
    en: 'Enter the day, month and year of the first day',
  },
  toMissing: {
    vi: 'Nhập đủ ngày, tháng và năm của ngày kết thúc',
    en: 'Enter the day, month and year of the last day',
  },
  toBeforeFrom: {
    vi: 'Ngày kết thúc phải bằng hoặc sau ngày bắt đầu',
    en: 'The last day must be the same as or after the first day',
  },
  apply: { vi: 'Lọc', en: 'Filter' },
  clear: { vi: 'Bỏ lọc', en: 'Clear the filters' },
  when: { vi: 'Thời điểm', en: 'When' },
  who: { vi: 'Người thực hiện', en: 'Who' },
  what: { vi: 'Thao tác', en: 'What' },
  system: { vi: 'Hệ thống (tự động)', en: 'The system (automatic)' },
  reason: { vi: 'Lý do', en: 'Reason' },
  noSchool: { vi: 'Không gắn với trường nào', en: 'No school' },
  empty: { vi: 'Không có thao tác nào khớp với bộ lọc.', en: 'No action matches the filters.' },
  loading: { vi: 'Đang tải…', en: 'Loading…' },
  pageN: { vi: 'Trang {n}', en: 'Page {n}' },
  newer: { vi: 'Trang trước (mới hơn)', en: 'Previous page (newer)' },
  older: { vi: 'Trang sau (cũ hơn)', en: 'Next page (older)' },
  paging: { vi: 'Chuyển trang', en: 'Pages' },
  filteredBy: { vi: 'Đang lọc: {what}', en: 'Filtered by: {what}' },
  // Trust anchors.
  anchorsIntro: {
    vi: 'Chứng thư gốc (root CA) mà Bộ GD&ĐT tin cậy, ghi trên sổ cái. Chữ ký của hiệu trưởng chỉ hợp lệ khi chứng thư số của hiệu trưởng được cấp từ một chứng thư gốc đang được tin cậy.',
    en: 'The root certificates (root CAs) the Ministry trusts, held on the ledger. A principal’s signature is valid only when the principal’s certificate chains to an active trust anchor.',
  },
  noAnchors: { vi: 'Sổ cái chưa có chứng thư gốc nào.', en: 'The ledger holds no trust anchor yet.' },
  subject: { vi: 'Tên chứng thư', en: 'Subject' },
  issuer: { vi: 'Đơn vị cấp', en: 'Issuer' },
  validity: { vi: 'Hiệu lực', en: 'Validity' },
  validFromTo: { vi: 'Từ {from} đến {to}', en: 'From {from} to {to}' },
  expired: { vi: 'đã hết hạn', en: 'expired' },
  notYet: { vi: 'chưa đến ngày hiệu lực', en: 'not yet valid' },
  registeredOn: { vi: 'Ghi lên sổ cái', en: 'On the ledger since' },
  fingerprint: { vi: 'Dấu vân tay (SHA-256)', en: 'Fingerprint (SHA-256)' },
  active: { vi: 'Đang tin cậy', en: 'Trusted' },
  retired: { vi: 'Đã thôi tin cậy', en: 'Retired' },
  retiredOn: { vi: 'Thôi tin cậy ngày {date}. Lý do: {reason}', en: 'Retired on {date}. Reason: {reason}' },
  retire: { vi: 'Thôi tin cậy chứng thư này', en: 'Retire this anchor' },
  registerTitle: { vi: 'Đăng ký chứng thư gốc mới', en: 'Register a new trust anchor' },
  certFile: { vi: 'Tệp chứng thư gốc', en: 'Root certificate file' },
  certFileHint: {
    vi: 'Tệp .cer, .crt, .der hoặc .pem do tổ chức cung cấp dịch vụ chứng thực chữ ký số gửi.',
    en: 'A .cer, .crt, .der or .pem file from the certification service provider.',
  },
  certFileMissing: { vi: 'Chọn tệp chứng thư gốc', en: 'Choose the root certificate file' },
  certFileUnreadable: {
    vi: 'Tệp đã chọn không phải là một chứng thư số (.cer, .crt, .der hoặc .pem)',
    en: 'The file chosen is not a certificate (.cer, .crt, .der or .pem)',
  },
  register: { vi: 'Đăng ký chứng thư gốc', en: 'Register the trust anchor' },
  sending: { vi: 'Đang gửi…', en: 'Sending…' },
  queued: {
    vi: 'Đã gửi. Chứng thư gốc sẽ có trong danh sách khi sổ cái ghi nhận (thường trong vài giây).',
    en: 'Sent. The anchor appears in the list once the ledger records it (usually within seconds).',
  },
  retireQueued: {
    vi: 'Đã gửi yêu cầu thôi tin cậy. Danh sách cập nhật khi sổ cái ghi nhận.',
    en: 'The retirement was sent. The list changes once the ledger records it.',
  },
  waitingLedger: { vi: 'Đang chờ sổ cái ghi nhận…', en: 'Waiting for the ledger…' },
  onlyMinistry: {
    vi: 'Chỉ Thanh tra Bộ GD&ĐT đăng ký hoặc thôi tin cậy chứng thư gốc.',
    en: 'Only the Ministry’s auditor registers or retires trust anchors.',
  },
  // Retire: the confirmation page.
  retireTitle: { vi: 'Thôi tin cậy chứng thư gốc', en: 'Retire a trust anchor' },
  retireWhat: {
    vi: 'Sau khi sổ cái ghi nhận, mọi chữ ký số dùng chứng thư được cấp từ chứng thư gốc này sẽ không còn được xác thực là hợp lệ, kể cả các lô học bạ đã ký trước đó. Việc này không thể hoàn tác; muốn tin cậy lại phải đăng ký lại chứng thư gốc.',
    en: 'Once the ledger records it, no signature made with a certificate issued under this anchor verifies as valid any more, including batches already signed. This cannot be undone; to trust it again, register it again.',
  },
  retireReason: { vi: 'Lý do thôi tin cậy', en: 'Why it is retired' },
  retireReasonHint: {
    vi: 'Ví dụ: khóa bí mật bị lộ, tổ chức chứng thực ngừng hoạt động (3 đến 200 ký tự).',
    en: 'For example: the private key was compromised, the CA closed (3 to 200 characters).',
  },
  retireReasonMissing: { vi: 'Nhập lý do thôi tin cậy', en: 'Enter why it is retired' },
  retireReasonShort: { vi: 'Lý do phải có ít nhất 3 ký tự', en: 'The reason must be at least 3 characters' },
  retireReasonLong: {
    vi: 'Lý do chỉ được tối đa 200 ký tự',
    en: 'The reason must be at most 200 characters',
  },
  retireConfirm: { vi: 'Xác nhận thôi tin cậy', en: 'Confirm the retirement' },
  cancel: { vi: 'Hủy, quay lại danh sách', en: 'Cancel, back to the list' },
  anchorNotFound: {
    vi: 'Không có chứng thư gốc này trên sổ cái.',
    en: 'The ledger holds no such trust anchor.',
  },
  alreadyRetired: { vi: 'Chứng thư gốc này đã thôi tin cậy.', en: 'This anchor is already retired.' },
} as const satisfies Record<string, Record<Lang, string>>;

export type AuditWord = keyof typeof W;

/** A word of the area, with `{name}` filled from `vars`. */
export function tw(key: AuditWord, lang: Lang, vars: Record<string, string | number> = {}): string {
  return W[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}
