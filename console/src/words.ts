/**
 * The console's words, Vietnamese first (issue 13): a school's staff read Vietnamese; English is the second
 * language of the page, chosen with the switch in the header.
 */
export type Lang = 'vi' | 'en';

const WORDS = {
  appTitle: { vi: 'Học bạ số — Nhà trường', en: 'Digital school records — School' },
  appTitleDistrict: { vi: 'Học bạ số — Phòng GD&ĐT', en: 'Digital school records — District office' },
  appTitleProvince: { vi: 'Học bạ số — Sở GD&ĐT', en: 'Digital school records — Province' },
  appTitleMinistry: { vi: 'Học bạ số — Bộ GD&ĐT', en: 'Digital school records — Ministry' },
  skip: { vi: 'Bỏ qua, đến nội dung chính', en: 'Skip to main content' },
  otherLang: { vi: 'English', en: 'Tiếng Việt' },
  signInTitle: { vi: 'Đăng nhập', en: 'Sign in' },
  signInIntro: {
    vi: 'Dùng tài khoản nhà trường cấp cho thầy cô.',
    en: 'Use the account your school gave you.',
  },
  login: { vi: 'Tên đăng nhập', en: 'User name' },
  password: { vi: 'Mật khẩu', en: 'Password' },
  signIn: { vi: 'Đăng nhập', en: 'Sign in' },
  signingIn: { vi: 'Đang đăng nhập…', en: 'Signing in…' },
  loginMissing: { vi: 'Nhập tên đăng nhập', en: 'Enter your user name' },
  passwordMissing: { vi: 'Nhập mật khẩu', en: 'Enter your password' },
  errorSummaryTitle: { vi: 'Có lỗi cần sửa', en: 'There is a problem' },
  chooseRoleTitle: { vi: 'Chọn vai trò', en: 'Choose a role' },
  chooseRoleIntro: {
    vi: 'Tài khoản của thầy cô có nhiều vai trò. Hôm nay thầy cô làm việc với vai trò nào?',
    en: 'Your account holds several roles. Which one are you working in?',
  },
  roleMissing: { vi: 'Chọn một vai trò', en: 'Choose a role' },
  continue: { vi: 'Tiếp tục', en: 'Continue' },
  back: { vi: 'Quay lại', en: 'Back' },
  signOut: { vi: 'Đăng xuất', en: 'Sign out' },
  workingAs: { vi: 'Vai trò', en: 'Role' },
  welcome: { vi: 'Xin chào', en: 'Welcome' },
  sessionExpired: {
    vi: 'Phiên làm việc đã hết hạn. Hãy đăng nhập lại.',
    en: 'Your session has ended. Please sign in again.',
  },
  network: {
    vi: 'Không kết nối được máy chủ. Hãy thử lại sau ít phút.',
    en: 'The server could not be reached. Try again in a few minutes.',
  },
  classesTitle: { vi: 'Các lớp và tiến độ học bạ', en: 'Classes and their records' },
  schoolYear: { vi: 'Năm học', en: 'School year' },
  day: { vi: 'Ngày', en: 'Day' },
  month: { vi: 'Tháng', en: 'Month' },
  year: { vi: 'Năm', en: 'Year' },
  className: { vi: 'Lớp', en: 'Class' },
  homeroom: { vi: 'Giáo viên chủ nhiệm', en: 'Homeroom teacher' },
  pupils: { vi: 'Sĩ số', en: 'Pupils' },
  notYet: { vi: 'Chưa duyệt', en: 'Not yet approved' },
  approved: { vi: 'Đã duyệt', en: 'Approved' },
  locked: { vi: 'Đã khóa', en: 'Locked' },
  batch: { vi: 'Lô học bạ', en: 'Batch' },
  actions: { vi: 'Việc cần làm', en: 'To do' },
  noBatch: { vi: 'Chưa khóa', en: 'Not locked' },
  lockClass: { vi: 'Khóa học bạ', en: 'Lock the records' },
  locking: { vi: 'Đang khóa…', en: 'Locking…' },
  signBatch: { vi: 'Ký số', en: 'Sign' },
  waitingApproval: { vi: 'Chờ phê duyệt hết', en: 'Waiting for every approval' },
  noClasses: { vi: 'Trường chưa có lớp nào trong năm học này.', en: 'The school has no class this year.' },
  signTitle: { vi: 'Ký số lô học bạ', en: 'Sign the batch' },
  signIntro: {
    vi: 'Chọn tệp chứng thư số (.p12 hoặc .pfx) của hiệu trưởng và nhập mật khẩu của tệp. Tệp và mật khẩu chỉ dùng trên máy này, không gửi đi đâu.',
    en: 'Choose the principal’s certificate file (.p12 or .pfx) and enter its password. The file and the password stay on this computer.',
  },
  p12File: { vi: 'Tệp chứng thư số', en: 'Certificate file' },
  p12Hint: { vi: 'Tệp có đuôi .p12 hoặc .pfx', en: 'A file ending in .p12 or .pfx' },
  p12Password: { vi: 'Mật khẩu của tệp', en: 'The file’s password' },
  p12Missing: { vi: 'Chọn tệp chứng thư số', en: 'Choose the certificate file' },
  p12PasswordMissing: { vi: 'Nhập mật khẩu của tệp', en: 'Enter the file’s password' },
  signNow: { vi: 'Ký và gửi', en: 'Sign and send' },
  signing: { vi: 'Đang ký…', en: 'Signing…' },
  cancel: { vi: 'Hủy', en: 'Cancel' },
  signedWaiting: {
    vi: 'Đã ký. Đang chờ sổ cái xác nhận…',
    en: 'Signed. Waiting for the ledger to confirm…',
  },
  block: { vi: 'khối', en: 'block' },
  areasNav: { vi: 'Các mục công việc', en: 'Work areas' },
  noAreas: {
    vi: 'Vai trò này chưa có màn hình trong bảng điều khiển của trường.',
    en: 'This role has no screen in the school console yet.',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type WordKey = keyof typeof WORDS;

/** Where a batch is, in the words of the lifecycle (DESIGN §7). */
export const BATCH_STATE_WORDS: Record<string, Record<Lang, string>> = {
  assembling: { vi: 'Đã khóa, chờ hiệu trưởng ký', en: 'Locked, waiting for the principal’s signature' },
  signed: { vi: 'Đã ký, chờ ghi vào sổ cái', en: 'Signed, waiting for the ledger' },
  anchored: { vi: 'Đã ghi vào sổ cái, chờ Phòng tiếp nhận', en: 'On the ledger, waiting for the district' },
  accepted: { vi: 'Phòng GD&ĐT đã tiếp nhận', en: 'Accepted by the district' },
  reported: { vi: 'Sở đã báo cáo lên Bộ', en: 'Reported to the Ministry' },
  recallRequested: { vi: 'Đang xin thu hồi', en: 'Recall requested' },
  recalled: { vi: 'Đã thu hồi', en: 'Recalled' },
  replaced: { vi: 'Đã được thay thế', en: 'Replaced' },
};

/** Why signing stopped, in words a principal can act on. */
export const SIGNING_ERROR_WORDS: Record<string, Record<Lang, string>> = {
  PKCS12_BAD_PASSWORD: {
    vi: 'Mật khẩu không mở được tệp chứng thư số. Hãy kiểm tra lại mật khẩu.',
    en: 'The password does not open the certificate file. Check the password.',
  },
  PKCS12_MALFORMED: {
    vi: 'Tệp đã chọn không phải tệp chứng thư số .p12/.pfx đọc được.',
    en: 'The file chosen is not a readable .p12/.pfx certificate file.',
  },
  PKCS12_UNSUPPORTED: {
    vi: 'Tệp dùng cách mã hóa cũ mà trình duyệt không hỗ trợ. Hãy xuất lại tệp với mã hóa AES (mặc định của công cụ mới).',
    en: 'The file uses an old encryption browsers cannot open. Export it again with AES (the default of current tools).',
  },
  KEY_UNSUPPORTED: {
    vi: 'Khóa trong tệp không thuộc loại được dùng để ký học bạ (ECDSA P-256/P-384 hoặc RSA).',
    en: 'The key in the file is not of a kind used to sign records (ECDSA P-256/P-384 or RSA).',
  },
};

/** Each role in the words of seed 001 Art. 9 and the school's own usage. */
export const ROLE_WORDS: Record<string, Record<Lang, string>> = {
  subjectTeacher: { vi: 'Giáo viên bộ môn', en: 'Subject teacher' },
  homeroomTeacher: { vi: 'Giáo viên chủ nhiệm', en: 'Homeroom teacher' },
  subjectGroup: { vi: 'Tổ chuyên môn', en: 'Subject group' },
  principal: { vi: 'Hiệu trưởng', en: 'Principal' },
  deputyPrincipal: { vi: 'Phó hiệu trưởng', en: 'Deputy principal' },
  schoolAdmin: { vi: 'Quản trị của trường', en: 'School administrator' },
  districtOfficer: { vi: 'Cán bộ Phòng Giáo dục và Đào tạo', en: 'District education officer' },
  provinceOfficer: { vi: 'Cán bộ Sở Giáo dục và Đào tạo', en: 'Provincial education officer' },
  ministryAuditor: { vi: 'Thanh tra Bộ Giáo dục và Đào tạo', en: 'Ministry auditor' },
  student: { vi: 'Học sinh', en: 'Student' },
  guardian: { vi: 'Cha mẹ học sinh', en: 'Parent or guardian' },
};

/** A record's state: how far the school's workflow has taken it. */
export const NOT_YET_STATES = ['draft', 'entered', 'reviewed', 'confirmed'] as const;

export function word(key: WordKey, lang: Lang): string {
  return WORDS[key][lang];
}

/** A role's name; an unknown role (a newer gateway) is shown as "—" rather than as its key. */
export function roleWord(role: string, lang: Lang): string {
  return ROLE_WORDS[role]?.[lang] ?? '—';
}

/** The header's title: the school's console, or the office above schools the signed-in person works for. */
export function appTitle(role: string | undefined, lang: Lang): string {
  if (role === 'districtOfficer') return word('appTitleDistrict', lang);
  if (role === 'provinceOfficer') return word('appTitleProvince', lang);
  if (role === 'ministryAuditor') return word('appTitleMinistry', lang);
  return word('appTitle', lang);
}
