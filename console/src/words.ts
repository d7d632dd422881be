/**
 * The console's words, Vietnamese first (issue 13): a school's staff read Vietnamese; English is the second
 * language of the page, chosen with the switch in the header.
 */
export type Lang = 'vi' | 'en';

const WORDS = {
  appTitle: { vi: 'Học bạ số — Nhà trường', en: 'Digital school records — School' },
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
} as const satisfies Record<string, Record<Lang, string>>;

export type WordKey = keyof typeof WORDS;

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

export function word(key: WordKey, lang: Lang): string {
  return WORDS[key][lang];
}

/** A role's name; an unknown role (a newer gateway) is shown as "—" rather than as its key. */
export function roleWord(role: string, lang: Lang): string {
  return ROLE_WORDS[role]?.[lang] ?? '—';
}
