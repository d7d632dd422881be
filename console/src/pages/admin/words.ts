/** The administration area's words, Vietnamese first (issue 13, school admin). */
import type { Lang } from '../../words.ts';

const WORDS = {
  title: { vi: 'Quản trị nhà trường', en: 'School administration' },
  tabAccounts: { vi: 'Tài khoản và vai trò', en: 'Accounts and roles' },
  tabWindows: { vi: 'Thời hạn nhập liệu', en: 'Editing windows' },
  tabDeputies: { vi: 'Phân công phó hiệu trưởng', en: 'Deputy principals' },
  tabCertificate: { vi: 'Chứng thư số', en: 'Certificate' },
  sections: { vi: 'Các mục quản trị', en: 'Administration sections' },
  loading: { vi: 'Đang tải…', en: 'Loading…' },
  saving: { vi: 'Đang lưu…', en: 'Saving…' },
  cancel: { vi: 'Hủy', en: 'Cancel' },
  done: { vi: 'Đã lưu.', en: 'Saved.' },
  reason: { vi: 'Lý do (không bắt buộc)', en: 'Reason (optional)' },
  reasonShort: { vi: 'Lý do', en: 'Reason' },
  reasonHint: { vi: 'Được ghi vào nhật ký hệ thống.', en: 'Written to the audit log.' },

  // Accounts
  accountsTitle: { vi: 'Tài khoản của trường', en: 'The school’s accounts' },
  accountsIntro: {
    vi: 'Mỗi cán bộ, giáo viên có một tài khoản; vai trò cho biết họ được làm gì, ở lớp và môn nào.',
    en: 'Each member of staff has one account; its roles say what they may do, in which class and subject.',
  },
  newAccount: { vi: 'Tạo tài khoản', en: 'Create an account' },
  person: { vi: 'Họ và tên', en: 'Full name' },
  login: { vi: 'Tên đăng nhập', en: 'User name' },
  roles: { vi: 'Vai trò ở trường', en: 'Roles at the school' },
  state: { vi: 'Trạng thái', en: 'State' },
  active: { vi: 'Đang dùng', en: 'Active' },
  disabled: { vi: 'Đã khóa', en: 'Disabled' },
  actions: { vi: 'Thao tác', en: 'Actions' },
  manage: { vi: 'Vai trò', en: 'Roles' },
  disable: { vi: 'Khóa tài khoản', en: 'Disable' },
  enable: { vi: 'Mở lại', en: 'Enable' },
  noAccounts: { vi: 'Trường chưa có tài khoản nào.', en: 'The school has no account yet.' },
  disabledNote: {
    vi: 'Tài khoản đã khóa không đăng nhập được; các phiên đang mở bị chấm dứt ngay.',
    en: 'A disabled account cannot sign in; its open sessions end at once.',
  },
  newAccountTitle: { vi: 'Tạo tài khoản mới', en: 'Create a new account' },
  displayNameHint: { vi: 'Như trên giấy tờ, có dấu.', en: 'As on their papers, with diacritics.' },
  loginHint: {
    vi: 'Từ 3 đến 64 ký tự: chữ không dấu, số, dấu chấm, gạch ngang. Ví dụ: gv.toan.lan',
    en: '3 to 64 characters: letters without diacritics, digits, dots, hyphens. For example: gv.toan.lan',
  },
  password: { vi: 'Mật khẩu đầu tiên', en: 'First password' },
  passwordHint: {
    vi: 'Ít nhất 12 ký tự. Trang đã tạo sẵn một mật khẩu; hãy ghi lại và trao cho người dùng — mật khẩu chỉ hiện ở đây một lần.',
    en: 'At least 12 characters. The page made one for you; write it down and hand it over — it is shown only here, once.',
  },
  newPassword: { vi: 'Tạo mật khẩu khác', en: 'Make another password' },
  firstRole: { vi: 'Vai trò đầu tiên', en: 'First role' },
  create: { vi: 'Tạo tài khoản', en: 'Create the account' },
  created: {
    vi: 'Đã tạo tài khoản {login}. Mật khẩu đầu tiên: {password} — hãy trao cho người dùng; trang sẽ không hiện lại.',
    en: 'Account {login} created. First password: {password} — hand it over; the page will not show it again.',
  },
  displayNameMissing: { vi: 'Nhập họ và tên', en: 'Enter the full name' },
  loginInvalid: {
    vi: 'Tên đăng nhập từ 3 đến 64 ký tự, chỉ gồm chữ không dấu, số và . _ @ -',
    en: 'The user name has 3 to 64 characters: letters without diacritics, digits and . _ @ -',
  },
  passwordShort: {
    vi: 'Mật khẩu phải có ít nhất 12 ký tự',
    en: 'The password must have at least 12 characters',
  },
  grantsTitle: { vi: 'Vai trò của {name}', en: 'Roles of {name}' },
  noGrants: {
    vi: 'Tài khoản không còn vai trò nào ở trường.',
    en: 'The account holds no role at the school any more.',
  },
  revoke: { vi: 'Thu hồi', en: 'Revoke' },
  addGrant: { vi: 'Giao thêm vai trò', en: 'Give another role' },
  give: { vi: 'Giao vai trò', en: 'Give the role' },
  backToAccounts: { vi: 'Về danh sách tài khoản', en: 'Back to the accounts' },
  role: { vi: 'Vai trò', en: 'Role' },
  roleMissing: { vi: 'Chọn một vai trò', en: 'Choose a role' },
  class: { vi: 'Lớp', en: 'Class' },
  classMissing: { vi: 'Chọn lớp', en: 'Choose the class' },
  subject: { vi: 'Môn học', en: 'Subject' },
  subjectMissing: { vi: 'Chọn môn học', en: 'Choose the subject' },
  subjectHint: { vi: 'Các môn của khối lớp đã chọn.', en: 'The subjects of the class’s grade.' },
  chooseClassFirst: { vi: '— Chọn lớp trước —', en: '— Choose the class first —' },
  choose: { vi: '— Chọn —', en: '— Choose —' },
  wholeSchool: { vi: 'Toàn trường', en: 'The whole school' },
  otherYearClass: { vi: 'một lớp của năm học khác', en: 'a class of another school year' },
  inClass: { vi: 'lớp {name}', en: 'class {name}' },

  // Windows
  windowsTitle: { vi: 'Thời hạn nhập liệu', en: 'Editing windows' },
  windowsIntro: {
    vi: 'Khi chưa đặt gì, việc nhập liệu đang mở. Phạm vi cụ thể nhất quyết định: lớp và môn, rồi lớp, rồi môn, rồi toàn trường. Giờ là giờ Việt Nam.',
    en: 'With nothing set, entry is open. The most specific scope decides: class and subject, then class, then subject, then the whole school. Times are Vietnam’s.',
  },
  scope: { vi: 'Phạm vi', en: 'Scope' },
  opensAt: { vi: 'Mở từ', en: 'Opens' },
  closesAt: { vi: 'Đóng lúc', en: 'Closes' },
  noWindows: {
    vi: 'Chưa đặt thời hạn nào: việc nhập liệu đang mở cho toàn trường.',
    en: 'No window set: entry is open for the whole school.',
  },
  open: { vi: 'Đang mở', en: 'Open' },
  frozen: { vi: 'Đã khóa', en: 'Frozen' },
  windowFormTitle: { vi: 'Mở hoặc khóa nhập liệu', en: 'Open or freeze entry' },
  action: { vi: 'Việc cần làm', en: 'What to do' },
  doOpen: { vi: 'Mở nhập liệu', en: 'Open entry' },
  doOpenHint: {
    vi: 'Có thể đặt ngày giờ mở và ngày giờ đóng; để trống là mở ngay, không hạn.',
    en: 'You may set when it opens and when it closes; left empty, it opens now, with no end.',
  },
  doFreeze: { vi: 'Khóa nhập liệu', en: 'Freeze entry' },
  doFreezeHint: {
    vi: 'Không ai nhập hay sửa được cho đến khi mở lại.',
    en: 'Nobody can enter or change anything until it is opened again.',
  },
  actionMissing: { vi: 'Chọn mở hay khóa nhập liệu', en: 'Choose to open or to freeze entry' },
  allSubjects: { vi: 'Mọi môn', en: 'Every subject' },
  homeroomPart: {
    vi: 'Phần của giáo viên chủ nhiệm (phẩm chất, năng lực, nhận xét)',
    en: 'The homeroom teacher’s part (qualities, competencies, comments)',
  },
  save: { vi: 'Lưu', en: 'Save' },
  day: { vi: 'Ngày', en: 'Day' },
  month: { vi: 'Tháng', en: 'Month' },
  year: { vi: 'Năm', en: 'Year' },
  hour: { vi: 'Giờ', en: 'Hour' },
  minute: { vi: 'Phút', en: 'Minute' },
  dateHint: { vi: 'Ví dụ: 15 5 2026, 17 giờ 00', en: 'For example: 15 5 2026, 17:00' },
  dateInvalid: {
    vi: '{what}: nhập ngày, tháng, năm có thật và giờ từ 0 đến 23, phút từ 0 đến 59',
    en: '{what}: enter a real day, month and year, an hour from 0 to 23 and a minute from 0 to 59',
  },
  dateOrder: {
    vi: 'Ngày giờ đóng phải sau ngày giờ mở',
    en: 'The closing time must be after the opening time',
  },
  noBound: { vi: '—', en: '—' },

  // Deputies
  deputiesTitle: { vi: 'Phân công phó hiệu trưởng', en: 'Deputy principals' },
  deputiesIntro: {
    vi: 'Phó hiệu trưởng được xem và làm những việc hiệu trưởng phân công (Quy chế học bạ số, Điều 9).',
    en: 'A deputy sees and does what the principal assigns (Art. 9).',
  },
  deputiesNow: { vi: 'Đang được phân công', en: 'Assigned now' },
  noDeputies: { vi: 'Chưa phân công phó hiệu trưởng nào.', en: 'No deputy is assigned.' },
  since: { vi: 'Từ ngày', en: 'Since' },
  removeDeputy: { vi: 'Thôi phân công', en: 'Remove' },
  assignTitle: { vi: 'Phân công thêm', en: 'Assign a deputy' },
  staffMember: { vi: 'Cán bộ, giáo viên của trường', en: 'A member of the school’s staff' },
  staffMissing: { vi: 'Chọn người được phân công', en: 'Choose the person to assign' },
  assign: { vi: 'Phân công', en: 'Assign' },
  noStaff: {
    vi: 'Không còn ai khác để phân công; quản trị của trường tạo tài khoản trước.',
    en: 'Nobody else to assign; the school administrator creates the account first.',
  },

  // Certificate
  certTitle: { vi: 'Chứng thư số của hiệu trưởng', en: 'The principal’s certificate' },
  certIntro: {
    vi: 'Nhà trường gửi chứng thư số của hiệu trưởng để Sở GD&ĐT phê duyệt; chỉ chứng thư đã duyệt mới ký được học bạ.',
    en: 'The school sends the principal’s certificate for the province to approve; only an approved certificate signs records.',
  },
  noCerts: { vi: 'Trường chưa đăng ký chứng thư số nào.', en: 'The school has registered no certificate.' },
  holder: { vi: 'Người được cấp', en: 'Issued to' },
  issuer: { vi: 'Tổ chức cấp', en: 'Issued by' },
  validity: { vi: 'Hiệu lực', en: 'Valid' },
  validFromTo: { vi: 'từ {from} đến {to}', en: 'from {from} to {to}' },
  fingerprint: { vi: 'Dấu vân tay (SHA-256)', en: 'Fingerprint (SHA-256)' },
  status: { vi: 'Tình trạng', en: 'Status' },
  registerTitle: { vi: 'Đăng ký chứng thư số', en: 'Register a certificate' },
  certFile: { vi: 'Tệp chứng thư số', en: 'Certificate file' },
  certFileHint: {
    vi: 'Tệp .cer, .crt hoặc .pem; hoặc tệp .p12/.pfx (khi đó nhập mật khẩu của tệp). Trang chỉ gửi chứng thư; khóa bí mật và mật khẩu không rời máy này.',
    en: 'A .cer, .crt or .pem file; or a .p12/.pfx file (then enter its password). The page sends only the certificate; the private key and the password never leave this computer.',
  },
  certFileMissing: { vi: 'Chọn tệp chứng thư số', en: 'Choose the certificate file' },
  certFileUnreadable: {
    vi: 'Tệp đã chọn không phải chứng thư số đọc được (.cer, .crt, .pem, .p12, .pfx)',
    en: 'The file chosen is not a readable certificate (.cer, .crt, .pem, .p12, .pfx)',
  },
  p12Password: { vi: 'Mật khẩu của tệp .p12/.pfx', en: 'Password of the .p12/.pfx file' },
  p12PasswordMissing: { vi: 'Nhập mật khẩu của tệp', en: 'Enter the file’s password' },
  register: { vi: 'Gửi đăng ký', en: 'Send for registration' },
  registered: {
    vi: 'Đã gửi đăng ký; chứng thư chờ Sở GD&ĐT phê duyệt.',
    en: 'Sent; the certificate waits for the province’s approval.',
  },
} as const;

export type AdminWord = keyof typeof WORDS;

/** A word of this area, with `{name}` placeholders filled. */
export function aw(key: AdminWord, lang: Lang, fill: Record<string, string | number> = {}): string {
  return WORDS[key][lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in fill ? String(fill[k]) : m));
}

/** Where a certificate is, in words (the gateway's statuses). */
export const CERT_STATUS_WORDS: Record<string, Record<Lang, string>> = {
  requested: { vi: 'Chờ Sở GD&ĐT phê duyệt', en: 'Waiting for the province’s approval' },
  active: { vi: 'Đã được Sở GD&ĐT phê duyệt', en: 'Approved by the province' },
  rejected: { vi: 'Sở GD&ĐT không phê duyệt', en: 'Not approved by the province' },
  revoked: { vi: 'Đã thu hồi', en: 'Revoked' },
};
