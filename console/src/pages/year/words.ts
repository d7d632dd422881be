/** The year at a glance (issue 14): the words of the progress, the calendar and the charts, Vietnamese first. */
import type { Lang } from '../../words.ts';

const WORDS = {
  title: { vi: 'Tiến độ năm học {year}', en: 'The school year {year}' },
  intro: {
    vi: 'Các trường đã khóa, ký số và được Phòng GD&ĐT tiếp nhận học bạ đến đâu, so với lịch năm học Sở đã đặt trên sổ cái.',
    en: 'How far the schools have locked, signed and had their records accepted, against the calendar the province set on the ledger.',
  },
  schoolYear: { vi: 'Năm học', en: 'School year' },
  // The calendar.
  calendarTitle: { vi: 'Lịch năm học', en: 'The year’s calendar' },
  calendarNotSet: {
    vi: 'Sở GD&ĐT chưa đặt lịch cho năm học này, nên chưa tính được hạn nào đã qua.',
    en: 'The province has not set this year’s calendar, so no deadline can be counted yet.',
  },
  calendarSetAt: { vi: 'Lịch ghi trên sổ cái lúc {at}.', en: 'Written on the ledger at {at}.' },
  deadline: { vi: 'Mốc', en: 'Deadline' },
  date: { vi: 'Ngày', en: 'Date' },
  daysLeft: { vi: 'Còn lại', en: 'Time left' },
  leftDays: { vi: 'còn {n} ngày', en: '{n} days left' },
  leftToday: { vi: 'hôm nay là hạn cuối', en: 'due today' },
  leftPast: { vi: 'đã qua {n} ngày', en: 'passed {n} days ago' },
  nextDeadline: {
    vi: 'Hạn sắp tới: {what}, {date} ({left}).',
    en: 'Next deadline: {what}, {date} ({left}).',
  },
  allPassed: { vi: 'Các hạn của năm học đã qua.', en: 'All of the year’s deadlines have passed.' },
  setCalendar: { vi: 'Đặt lịch năm học', en: 'Set the year’s calendar' },
  changeCalendar: { vi: 'Sửa lịch năm học', en: 'Change the year’s calendar' },
  // The calendar form.
  formTitle: { vi: 'Đặt lịch năm học {year}', en: 'Set the calendar of {year}' },
  formIntro: {
    vi: 'Lịch được ghi lên sổ cái; từ đó sổ cái chỉ nhận khóa, ký và tiếp nhận học bạ trong các mốc này. Mốc bắt đầu tính từ 0 giờ, mốc hạn tính đến hết ngày (giờ Việt Nam).',
    en: 'The calendar is written on the ledger, which then accepts locks, signatures and acceptances only within it. A window opens at the start of its day; a deadline runs to the end of its day (Vietnam time).',
  },
  onLedgerNow: { vi: 'Sổ cái đang ghi: {date}', en: 'On the ledger now: {date}' },
  dateHint: { vi: 'Ví dụ: 30 6 {year}', en: 'For example: 30 6 {year}' },
  missingDate: { vi: 'Nhập ngày của mốc “{what}”', en: 'Enter the date of “{what}”' },
  invalidDate: {
    vi: 'Ngày của mốc “{what}” không có thật; nhập ngày, tháng và năm bằng số',
    en: '“{what}” is not a real date; enter day, month and year as numbers',
  },
  orderDate: {
    vi: '“{what}” không được trước “{before}”',
    en: '“{what}” must not be before “{before}”',
  },
  save: { vi: 'Ghi lịch lên sổ cái', en: 'Write the calendar to the ledger' },
  saving: { vi: 'Đang gửi…', en: 'Sending…' },
  cancel: { vi: 'Hủy', en: 'Cancel' },
  queued: {
    vi: 'Đã gửi lịch lên sổ cái; đang chờ sổ cái ghi nhận…',
    en: 'The calendar was sent to the ledger; waiting for the ledger to record it…',
  },
  recorded: { vi: 'Sổ cái đã ghi lịch mới.', en: 'The ledger has recorded the new calendar.' },
  // The districts and schools.
  overviewTitle: { vi: 'Các phòng GD&ĐT và trường', en: 'Districts and schools' },
  lateOnly: { vi: 'Chỉ trường chậm', en: 'Late schools only' },
  district: { vi: 'Phòng GD&ĐT', en: 'District' },
  school: { vi: 'Trường', en: 'School' },
  schools: { vi: 'Số trường', en: 'Schools' },
  state: { vi: 'Tình trạng', en: 'State' },
  locked: { vi: 'Lớp đã khóa', en: 'Classes locked' },
  signed: { vi: 'Đã ký số và neo', en: 'Signed and anchored' },
  accepted: { vi: 'Đã tiếp nhận', en: 'Accepted' },
  recordsLocked: { vi: 'Học bạ đã khóa', en: 'Records locked' },
  late: { vi: 'Chậm so với lịch', en: 'Behind the calendar' },
  onTime: { vi: 'Đúng tiến độ', en: 'On time' },
  showSchools: { vi: 'Xem các trường', en: 'Show the schools' },
  hideSchools: { vi: 'Ẩn các trường', en: 'Hide the schools' },
  schoolsOf: { vi: 'Các trường của {name}', en: 'The schools of {name}' },
  noSchools: { vi: 'Không có trường nào.', en: 'No schools.' },
  noLateSchools: { vi: 'Không có trường nào chậm.', en: 'No school is late.' },
  ofTotal: { vi: '{n}/{total}', en: '{n} of {total}' },
  // Lateness in words.
  lateLockSchools: {
    vi: '{n} trường chưa khóa học bạ, quá hạn {days} ngày',
    en: '{n} schools have not locked, {days} days late',
  },
  lateSignatureSchools: {
    vi: '{n} trường chưa ký số, quá hạn {days} ngày',
    en: '{n} schools have not signed, {days} days late',
  },
  lateAcceptanceSchools: {
    vi: 'Quá hạn tiếp nhận {days} ngày: {n} trường',
    en: 'Acceptance {days} days late: {n} schools',
  },
  lateLock: {
    vi: 'Chưa khóa {n} lớp, quá hạn {days} ngày',
    en: '{n} classes not locked, {days} days late',
  },
  lateSignature: {
    vi: 'Chưa ký số {n} lớp, quá hạn {days} ngày',
    en: '{n} classes not signed, {days} days late',
  },
  lateAcceptance: {
    vi: 'Quá hạn tiếp nhận {days} ngày ({n} lớp)',
    en: 'Acceptance {days} days late ({n} classes)',
  },
  notLockedSchools: { vi: '{n} trường chưa khóa xong học bạ', en: '{n} schools have not finished locking' },
  // Totals.
  totalsTitle: { vi: 'Toàn bộ', en: 'Overall' },
  // Charts.
  chartsTitle: { vi: 'Diễn biến trong mùa', en: 'Over the season' },
  chartProgress: { vi: 'Số lô học bạ cộng dồn theo ngày', en: 'Batches, cumulative by day' },
  chartLocks: { vi: 'Số học bạ được khóa mỗi ngày', en: 'Records locked each day' },
  seriesSigned: { vi: 'Lô đã ký số', en: 'Batches signed' },
  seriesAnchored: { vi: 'Lô đã neo sổ cái', en: 'Batches anchored' },
  seriesAccepted: { vi: 'Lô đã được tiếp nhận', en: 'Batches accepted' },
  seriesLocked: { vi: 'Học bạ khóa trong ngày', en: 'Records locked that day' },
  noTimeline: {
    vi: 'Chưa có học bạ nào được khóa trong năm học này.',
    en: 'No record has been locked this year yet.',
  },
  chartTable: { vi: 'Số liệu của biểu đồ (bảng)', en: 'The charts’ numbers (table)' },
  // School states.
  notStarted: { vi: 'Chưa khóa học bạ', en: 'Not started' },
  locking: { vi: 'Đang khóa học bạ', en: 'Locking' },
  waitingSignature: { vi: 'Chờ ký số', en: 'Waiting for signature' },
  waitingAcceptance: { vi: 'Chờ Phòng tiếp nhận', en: 'Waiting for acceptance' },
  acceptedState: { vi: 'Đã được tiếp nhận', en: 'Accepted' },
  // The calendar's windows.
  lockFrom: { vi: 'Mở chốt dữ liệu học bạ', en: 'Locking opens' },
  lockUntil: { vi: 'Hạn chốt (khóa) học bạ', en: 'Locking closes' },
  acceptanceDeadline: { vi: 'Hạn Phòng GD&ĐT tiếp nhận', en: 'District acceptance deadline' },
  reportDeadline: { vi: 'Hạn Sở báo cáo Bộ', en: 'Report to the Ministry' },
  supplementaryDeadline: { vi: 'Hạn báo cáo bổ sung', en: 'Supplementary report' },
  replacementFrom: { vi: 'Mở báo cáo thay thế', en: 'Replacements open' },
  replacementUntil: { vi: 'Hạn báo cáo thay thế', en: 'Replacements close' },
} as const satisfies Record<string, Record<Lang, string>>;

export type YearWord = keyof typeof WORDS;

/** A word of the area with its {placeholders} filled. */
export function yw(key: YearWord, lang: Lang, vars: Record<string, string | number> = {}): string {
  return WORDS[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

export const STATE_WORD: Record<string, YearWord> = {
  notStarted: 'notStarted',
  locking: 'locking',
  waitingSignature: 'waitingSignature',
  waitingAcceptance: 'waitingAcceptance',
  accepted: 'acceptedState',
};
