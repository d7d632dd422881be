/**
 * The reports area's words, Vietnamese first: the yearly report the province sends the Ministry (seed 000
 * Điều 4 khoản 3e: by 10/7, supplementary by 15/8), its acknowledgement, and the statistics a Phòng or Sở
 * files (Điều 6.1b, 7.3–7.4). No codes on screen: states and steps in words, hashes shortened.
 */
import type { Lang } from '../../words.ts';

const WORDS = {
  title: { vi: 'Báo cáo và thống kê', en: 'Reports and statistics' },
  schoolYear: { vi: 'Năm học', en: 'School year' },
  navReport: { vi: 'Báo cáo năm học', en: 'Yearly report' },
  navReports: { vi: 'Báo cáo của các Sở', en: 'The provinces’ reports' },
  navStatistics: { vi: 'Thống kê học bạ', en: 'Record statistics' },
  loading: { vi: 'Đang tải…', en: 'Loading…' },
  failed: { vi: 'Không tải được dữ liệu.', en: 'Could not load the data.' },
  // The preview.
  previewTitle: { vi: 'Báo cáo năm học {year}: sẽ báo cáo gì', en: 'The {year} report: what it will hold' },
  previewIntro: {
    vi: 'Báo cáo gồm các lô học bạ đã neo lên sổ cái. Lô Phòng GD&ĐT chưa tiếp nhận vẫn được báo cáo, ghi là đang chờ tiếp nhận. Hạn báo cáo: 10/7; báo cáo bổ sung: 15/8.',
    en: 'The report holds the batches anchored on the ledger. A batch its district has not accepted is reported as waiting for acceptance. Due 10/7; supplementary by 15/8.',
  },
  nextMain: {
    vi: 'Nếu gửi bây giờ: báo cáo năm học gồm {batches} lô, {records} học bạ; {waiting} lô đang chờ Phòng tiếp nhận.',
    en: 'If sent now: the report holds {batches} batches, {records} records; {waiting} batches wait for their district.',
  },
  nextSupplementary: {
    vi: 'Nếu gửi bây giờ: báo cáo bổ sung lần {n} gồm {batches} lô, {records} học bạ; {waiting} lô đang chờ Phòng tiếp nhận.',
    en: 'If sent now: supplementary report {n} holds {batches} batches, {records} records; {waiting} batches wait for their district.',
  },
  nothingAnchored: {
    vi: 'Chưa có lô học bạ nào của năm học này được neo lên sổ cái: chưa có gì để báo cáo.',
    en: 'No batch of this school year is on the ledger yet: nothing to report.',
  },
  unchanged: {
    vi: 'Không có lô nào mới được neo hoặc được tiếp nhận kể từ báo cáo trước: chưa cần báo cáo bổ sung.',
    en: 'No batch anchored or accepted since the last report: no supplementary report is needed yet.',
  },
  pending: {
    vi: 'Báo cáo trước đang chờ ghi vào sổ cái. Hãy chờ nó được ghi rồi mới gửi tiếp.',
    en: 'The last report is still waiting for the ledger. Wait until it is recorded before sending another.',
  },
  colDistrict: { vi: 'Phòng GD&ĐT', en: 'District' },
  colSchool: { vi: 'Trường', en: 'School' },
  colClass: { vi: 'Lớp', en: 'Class' },
  colBatches: { vi: 'Số lô', en: 'Batches' },
  colRecords: { vi: 'Số học bạ', en: 'Records' },
  colWaitingAcceptance: { vi: 'Chờ Phòng tiếp nhận', en: 'Waiting for the district' },
  colClasses: { vi: 'Lớp chưa khóa sổ', en: 'Classes not locked' },
  colLockedAt: { vi: 'Khóa sổ lúc', en: 'Locked' },
  colAnchoredAt: { vi: 'Neo lúc', en: 'Anchored' },
  total: { vi: 'Tổng cộng', en: 'Total' },
  wholeSchool: { vi: 'Cả trường', en: 'Whole school' },
  waitingTitle: { vi: 'Còn đang chờ', en: 'Still waiting' },
  waitingNone: { vi: 'Không còn gì đang chờ.', en: 'Nothing is waiting.' },
  notLocked: { vi: 'Trường chưa khóa sổ ({n})', en: 'Schools not locked ({n})' },
  notSigned: { vi: 'Lô đã khóa, chưa ký ({n})', en: 'Batches locked, not signed ({n})' },
  notAnchored: { vi: 'Lô đã ký, chưa neo lên sổ cái ({n})', en: 'Batches signed, not on the ledger ({n})' },
  notAccepted: { vi: 'Lô đã neo, Phòng chưa tiếp nhận ({n})', en: 'Batches anchored, not accepted ({n})' },
  submit: { vi: 'Gửi báo cáo năm học', en: 'Send the yearly report' },
  submitSupplementary: { vi: 'Gửi báo cáo bổ sung', en: 'Send a supplementary report' },
  // Confirmation and following.
  confirmTitle: { vi: 'Gửi báo cáo năm học {year} lên Bộ?', en: 'Send the {year} report to the Ministry?' },
  confirmSupplementaryTitle: {
    vi: 'Gửi báo cáo bổ sung năm học {year} lên Bộ?',
    en: 'Send a supplementary {year} report to the Ministry?',
  },
  confirmWhat: {
    vi: 'Báo cáo ghi lên sổ cái danh sách {batches} lô ({records} học bạ) và mã gốc của chúng. Đã gửi thì không rút lại được; chỉ gửi thêm báo cáo bổ sung.',
    en: 'The report writes the list of {batches} batches ({records} records) and their root on the ledger. It cannot be withdrawn once sent; only supplemented.',
  },
  confirmWaiting: {
    vi: '{n} lô trong đó Phòng chưa tiếp nhận: báo cáo ghi là đang chờ tiếp nhận.',
    en: '{n} of them are not accepted by their district: the report lists them as waiting.',
  },
  confirmSubmit: { vi: 'Xác nhận gửi báo cáo', en: 'Confirm and send' },
  cancel: { vi: 'Hủy, quay lại', en: 'Cancel, go back' },
  sending: { vi: 'Đang gửi…', en: 'Sending…' },
  followTitle: { vi: 'Báo cáo lần {n} năm học {year}', en: 'Report {n} of {year}' },
  queued: { vi: 'Đã gửi, đang chờ ghi vào sổ cái…', en: 'Sent, waiting for the ledger…' },
  submitted: { vi: 'Đã ghi vào sổ cái, khối {block}', en: 'On the ledger, block {block}' },
  ledgerRefused: {
    vi: 'Sổ cái từ chối ghi báo cáo này. Có thể gửi lại.',
    en: 'The ledger refused this report. It can be sent again.',
  },
  backToReport: { vi: 'Về trang báo cáo năm học', en: 'Back to the yearly report' },
  // The list.
  listTitle: { vi: 'Các báo cáo năm học {year}', en: 'Reports of {year}' },
  listEmpty: { vi: 'Chưa có báo cáo nào của năm học này.', en: 'No report of this school year yet.' },
  main: { vi: 'Báo cáo năm học', en: 'Yearly report' },
  supplementary: { vi: 'Báo cáo bổ sung lần {n}', en: 'Supplementary report {n}' },
  province: { vi: 'Sở', en: 'Province' },
  holds: {
    vi: '{batches} lô, {records} học bạ; {waiting} lô chờ Phòng tiếp nhận',
    en: '{batches} batches, {records} records; {waiting} waiting for their district',
  },
  sentBy: { vi: '{name}, lúc {date}', en: '{name}, at {date}' },
  onTime: { vi: 'đúng hạn', en: 'on time' },
  late: { vi: 'quá hạn', en: 'late' },
  root: { vi: 'Mã gốc', en: 'Root' },
  factHolds: { vi: 'Nội dung', en: 'Holds' },
  factSent: { vi: 'Người gửi', en: 'Sent by' },
  factLedger: { vi: 'Sổ cái', en: 'Ledger' },
  factMinistry: { vi: 'Bộ GD&ĐT', en: 'Ministry' },
  ackNone: { vi: 'Bộ chưa xác nhận', en: 'Not yet acknowledged' },
  ackQueued: { vi: 'Bộ đã xác nhận, đang chờ ghi vào sổ cái…', en: 'Acknowledged, waiting for the ledger…' },
  ackDone: { vi: 'Bộ đã xác nhận ngày {date} ({name})', en: 'Acknowledged on {date} ({name})' },
  ackBlock: { vi: 'khối {block}', en: 'block {block}' },
  ackFailed: { vi: 'Sổ cái từ chối ghi xác nhận.', en: 'The ledger refused the acknowledgement.' },
  acknowledge: { vi: 'Xác nhận đã nhận báo cáo', en: 'Acknowledge receipt' },
  ackConfirmTitle: { vi: 'Xác nhận Bộ đã nhận báo cáo này?', en: 'Acknowledge receipt of this report?' },
  ackConfirmWhat: {
    vi: 'Xác nhận được ghi lên sổ cái, kèm tên người xác nhận và thời điểm. Không rút lại được.',
    en: 'The acknowledgement is written on the ledger with who made it and when. It cannot be withdrawn.',
  },
  ackConfirm: { vi: 'Xác nhận đã nhận', en: 'Confirm receipt' },
  ackFollowTitle: { vi: 'Xác nhận báo cáo lần {n} năm học {year}', en: 'Acknowledging report {n} of {year}' },
  backToList: { vi: 'Về danh sách báo cáo', en: 'Back to the reports' },
  notFound: { vi: 'Không tìm thấy báo cáo này.', en: 'No such report.' },
  // Statistics.
  statsTitle: { vi: 'Thống kê học bạ năm học {year}', en: 'Record statistics, {year}' },
  statsIntro: {
    vi: 'Số học bạ của năm học đã qua từng bước: khóa sổ, ký, neo lên sổ cái, Phòng tiếp nhận; và số đã thu hồi. Mỗi cột đếm các học bạ đã tới bước đó.',
    en: 'How many of the year’s records passed each step: locked, signed, anchored, accepted by the district; and how many were revoked. Each column counts the records that reached that step.',
  },
  filterDistrict: { vi: 'Phòng GD&ĐT', en: 'District' },
  filterSchool: { vi: 'Trường', en: 'School' },
  allDistricts: { vi: 'Tất cả', en: 'All' },
  allSchools: { vi: 'Tất cả', en: 'All' },
  level: { vi: 'Mức chi tiết', en: 'Detail' },
  byDistrict: { vi: 'Theo Phòng', en: 'By district' },
  bySchool: { vi: 'Theo trường', en: 'By school' },
  byGrade: { vi: 'Theo trường và khối', en: 'By school and grade' },
  colGrade: { vi: 'Khối', en: 'Grade' },
  colSchools: { vi: 'Số trường', en: 'Schools' },
  colTotal: { vi: 'Số học bạ', en: 'Records' },
  colLocked: { vi: 'Đã khóa sổ', en: 'Locked' },
  colSigned: { vi: 'Đã ký', en: 'Signed' },
  colAnchored: { vi: 'Đã neo', en: 'Anchored' },
  colAccepted: { vi: 'Phòng đã tiếp nhận', en: 'Accepted' },
  colRevoked: { vi: 'Đã thu hồi', en: 'Revoked' },
  grade: { vi: 'Lớp {n}', en: 'Grade {n}' },
  statsEmpty: { vi: 'Chưa có học bạ nào trong phạm vi này.', en: 'No record in this remit yet.' },
  download: { vi: 'Tải về Excel', en: 'Download as Excel' },
  downloading: { vi: 'Đang tạo tệp…', en: 'Making the file…' },
  tableLabel: { vi: 'Bảng {name} (cuộn ngang được)', en: '{name} table (scrolls sideways)' },
} as const satisfies Record<string, Record<Lang, string>>;

export type ReportWord = keyof typeof WORDS;

/** The word in `lang`, with `{name}` places filled. */
export function rw(key: ReportWord, lang: Lang, vars: Record<string, string | number> = {}): string {
  return WORDS[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}
