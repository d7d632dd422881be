/**
 * Synthetic học bạ records for the benchmarks: a secondary-school (THCS/THPT, Circular 22/2021) record per
 * DESIGN.md §6, about 1 KB of canonical JSON. Record i is a pure function of (seed, i), so a chunk of
 * records can be generated again instead of kept: at 10⁶ records only the chunk in use lives in memory.
 * About one record in ten carries its Vietnamese text in NFD, as real imports do; canonicalization
 * brings it back to NFC.
 */

export interface Guardian {
  name: string;
  relation: string;
}

/** A subject marked on the 10-point scale (semester averages, year average) or assessed Đ/CĐ. */
export interface SubjectResult {
  subject: string;
  sem1: number | string;
  sem2: number | string;
  year: number | string;
  comment: string;
}

export interface TermResults {
  sem1: string;
  sem2: string;
  year: string;
}

export interface HocbaRecord {
  recordId: string;
  lookupCode: string;
  nationalId: string;
  studentCode: string;
  provinceCode: string;
  schoolCode: string;
  level: 'THCS' | 'THPT';
  schoolYear: string;
  grade: number;
  classId: string;
  effectiveAt: string;
  version: number;
  supersedes?: string;
  student: {
    name: string;
    dateOfBirth: string;
    sex: 'Nam' | 'Nữ';
    birthplace: string;
    ethnicity: string;
    guardians: Guardian[];
  };
  subjects: SubjectResult[];
  learning: TermResults;
  conduct: TermResults;
  absences: { excused: number; unexcused: number };
  promotion: string;
  awards: string[];
  homeroomComment: string;
}

/** splitmix32-style mixing of (seed, index) into a 32-bit state, then mulberry32. */
export function prng(seed: number, index: number): () => number {
  let s = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index, 0xc2b2ae35)) >>> 0;
  s = Math.imul(s ^ (s >>> 16), 0x7feb352d) >>> 0;
  s = Math.imul(s ^ (s >>> 15), 0x846ca68b) >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const FAMILY_RARE = ['Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Trịnh', 'Mai', 'Lương', 'Hà', 'Tạ'];
const MIDDLE_M = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Gia', 'Thành', 'Tuấn', 'Bảo', 'Công'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Khánh', 'Phương', 'Bảo', 'Mỹ', 'Diệu', 'Hoài'];
const GIVEN_M = ['Bảo', 'Dũng', 'Hải', 'Hiếu', 'Hùng', 'Khoa', 'Long', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Thắng'];
const GIVEN_M2 = ['Trí', 'Tuấn', 'Việt', 'Đạt', 'Khải', 'Lộc', 'Nhật', 'Toàn', 'Vĩnh', 'Huy', 'Kiên'];
const GIVEN_F = ['Ánh', 'Châu', 'Giang', 'Hà', 'Hạnh', 'Hoa', 'Huyền', 'Lan', 'Linh', 'Mai', 'My', 'Ngân'];
const GIVEN_F2 = ['Nhung', 'Phương', 'Quỳnh', 'Tâm', 'Thảo', 'Trang', 'Trúc', 'Vy', 'Yến', 'Ngọc', 'Thư'];

/** Province code (CCCD prefix) and name, after the 2025 merger of provinces. */
const PROVINCES: readonly (readonly [string, string])[] = [
  ['001', 'Hà Nội'],
  ['079', 'TP. Hồ Chí Minh'],
  ['031', 'Hải Phòng'],
  ['048', 'Đà Nẵng'],
  ['092', 'Cần Thơ'],
  ['046', 'Huế'],
  ['040', 'Nghệ An'],
  ['038', 'Thanh Hóa'],
  ['022', 'Quảng Ninh'],
  ['066', 'Đắk Lắk'],
  ['068', 'Lâm Đồng'],
  ['056', 'Khánh Hòa'],
  ['089', 'An Giang'],
  ['087', 'Đồng Tháp'],
];
const WARDS = ['Phường Bến Thành', 'Xã Tân Phú', 'Phường Hoàn Kiếm', 'Xã Đông Hòa', 'Phường Thủy Xuân'];
const ETHNIC_MINOR = ['Tày', 'Thái', 'Mường', 'Khmer', 'Hmông', 'Nùng', 'Hoa', 'Dao', 'Ê Đê'];

const THCS_MARKED = [
  'Ngữ văn',
  'Toán',
  'Tiếng Anh',
  'Giáo dục công dân',
  'Lịch sử và Địa lí',
  'Khoa học tự nhiên',
  'Công nghệ',
  'Tin học',
];
const THCS_ASSESSED = ['Giáo dục thể chất', 'Nghệ thuật', 'Hoạt động trải nghiệm', 'Giáo dục địa phương'];
const THPT_MARKED = ['Ngữ văn', 'Toán', 'Tiếng Anh', 'Lịch sử', 'GDQP-AN'];
const THPT_ELECTIVE = ['Vật lí', 'Hóa học', 'Sinh học', 'Tin học', 'Địa lí', 'GD kinh tế và pháp luật'];
const THPT_ASSESSED = ['Giáo dục thể chất', 'Hoạt động trải nghiệm', 'Giáo dục địa phương'];

const COMMENT_HIGH = ['Học tốt, tư duy nhanh', 'Nắm vững kiến thức', 'Tích cực, sáng tạo', 'Tiến bộ rõ rệt'];
const COMMENT_MID = ['Nắm được kiến thức cơ bản', 'Cần chăm chỉ hơn', 'Có cố gắng', 'Chưa đều các phần'];
const COMMENT_LOW = ['Cần cố gắng nhiều hơn', 'Cần ôn tập thêm', 'Chưa tập trung'];
const COMMENT_ASSESSED = ['Tham gia tích cực', 'Hoàn thành tốt', 'Đạt yêu cầu', 'Nhiệt tình'];
const HOMEROOM = [
  'Ngoan, lễ phép, chăm học; cần phát huy.',
  'Có ý thức tự giác, hòa đồng với bạn bè.',
  'Tích cực tham gia phong trào của lớp.',
  'Cần mạnh dạn phát biểu xây dựng bài hơn.',
];
const RANKS = ['Tốt', 'Khá', 'Đạt', 'Chưa đạt'];
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const SCHOOL_YEAR = '2025-2026';

/** Record `index` of the synthetic population. */
export function makeRecord(seed: number, index: number): HocbaRecord {
  const r = prng(seed, index);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const digits = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += String(Math.floor(r() * 10));
    return s;
  };
  const code = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(r() * 32)]!;
    return s;
  };
  const nfd = r() < 0.1;
  const text = (s: string): string => (nfd ? s.normalize('NFD') : s);
  const personName = (female: boolean, family: string): string => {
    const middle = pick(female ? MIDDLE_F : MIDDLE_M);
    const given = r() < 0.5 ? pick(female ? GIVEN_F : GIVEN_M) : pick(female ? GIVEN_F2 : GIVEN_M2);
    return text(`${family} ${middle} ${given}`);
  };

  const thpt = r() < 0.4;
  const grade = thpt ? int(10, 12) : int(6, 9);
  const female = r() < 0.49;
  const family = r() < 0.85 ? pick(FAMILY) : pick(FAMILY_RARE);
  const [provinceCode, province] = pick(PROVINCES);
  const birthYear = 2025 - grade - 6 + (r() < 0.05 ? -1 : 0);
  const dateOfBirth = `${birthYear}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;
  // CCCD: province (3) + century-and-sex (1: 2 male / 3 female for the 2000s) + birth year (2) + 6 digits.
  const nationalId = `${provinceCode}${female ? 3 : 2}${String(birthYear % 100).padStart(2, '0')}${digits(6)}`;
  const schoolCode = `${provinceCode.slice(1)}${digits(6)}`;

  const ability = 5 + r() * 4.5; // the student's level, 5.0–9.5
  const mark = (): number => Math.min(10, Math.max(3, Math.round((ability + (r() - 0.5) * 2.4) * 10) / 10));
  const subjects: SubjectResult[] = [];
  const marked = thpt ? [...THPT_MARKED, ...choose(THPT_ELECTIVE, 4, r)] : THCS_MARKED;
  for (const subject of marked) {
    const sem1 = mark();
    const sem2 = mark();
    const year = Math.round(((sem1 + 2 * sem2) / 3) * 10) / 10; // Circular 22: (HK I + 2 × HK II) / 3
    const comment = pick(year >= 8 ? COMMENT_HIGH : year >= 6.5 ? COMMENT_MID : COMMENT_LOW);
    subjects.push({ subject: text(subject), sem1, sem2, year, comment: text(comment) });
  }
  for (const subject of thpt ? THPT_ASSESSED : THCS_ASSESSED) {
    const level = (): string => (ability > 5.3 || r() < 0.9 ? 'Đ' : 'CĐ');
    subjects.push({
      subject: text(subject),
      sem1: level(),
      sem2: level(),
      year: level(),
      comment: text(pick(COMMENT_ASSESSED)),
    });
  }

  const rank = (): string =>
    RANKS[ability >= 8 ? 0 : ability >= 6.5 ? int(0, 1) : ability >= 5.3 ? int(1, 2) : 3]!;
  const learning = { sem1: rank(), sem2: rank(), year: rank() };
  const conduct = { sem1: RANKS[int(0, 1)]!, sem2: RANKS[int(0, 1)]!, year: RANKS[int(0, 1)]! };
  const awards: string[] = [];
  if (learning.year === 'Tốt' && conduct.year === 'Tốt')
    awards.push(ability >= 8.8 ? 'Học sinh Xuất sắc' : 'Học sinh Giỏi');
  if (r() < 0.05) awards.push(`Giải ${pick(['Nhất', 'Nhì', 'Ba'])} HSG cấp tỉnh môn ${pick(marked)}`);

  const version = r() < 0.03 ? 2 : 1;
  const recordId = `${schoolCode}-${SCHOOL_YEAR.slice(0, 4)}-${String(index).padStart(7, '0')}`;
  const guardians: Guardian[] = [{ name: personName(true, pick(FAMILY)), relation: text('Mẹ') }];
  if (r() < 0.8) guardians.unshift({ name: personName(false, family), relation: 'Cha' });

  const record: HocbaRecord = {
    recordId,
    lookupCode: code(20),
    nationalId,
    studentCode: digits(10),
    provinceCode: provinceCode.slice(1),
    schoolCode,
    level: thpt ? 'THPT' : 'THCS',
    schoolYear: SCHOOL_YEAR,
    grade,
    classId: `${grade}A${int(1, 9)}`,
    effectiveAt: `2026-05-${int(20, 31)}T0${int(1, 9)}:00:00.000Z`,
    version,
    student: {
      name: personName(female, family),
      dateOfBirth,
      sex: female ? 'Nữ' : 'Nam',
      birthplace: text(`${pick(WARDS)}, ${province}`),
      ethnicity: text(r() < 0.85 ? 'Kinh' : pick(ETHNIC_MINOR)),
      guardians,
    },
    subjects,
    learning,
    conduct,
    absences: { excused: int(0, 6), unexcused: r() < 0.9 ? 0 : int(1, 3) },
    promotion: learning.year === 'Chưa đạt' ? text('Kiểm tra lại') : text('Được lên lớp'),
    awards,
    homeroomComment: text(pick(HOMEROOM)),
  };
  if (version === 2) record.supersedes = `${recordId}-v1`;
  return record;
}

/** k distinct elements of xs in random order (partial Fisher–Yates). */
function choose<T>(xs: readonly T[], k: number, r: () => number): T[] {
  const a = [...xs];
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(r() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, k);
}

/** Records [start, end) of the population. */
export function makeRecords(seed: number, start: number, end: number): HocbaRecord[] {
  const out: HocbaRecord[] = new Array(end - start);
  for (let i = start; i < end; i++) out[i - start] = makeRecord(seed, i);
  return out;
}

/**
 * N records served in chunks. Up to `materializeLimit` records they are generated once and kept; above it
 * each pass generates its chunks again (record i is always the same), so that only one chunk is alive.
 */
export class Population {
  private readonly kept: HocbaRecord[][] | undefined;

  constructor(
    readonly seed: number,
    readonly size: number,
    readonly chunkSize = 10_000,
    materializeLimit = 100_000,
  ) {
    if (size <= materializeLimit) {
      this.kept = [];
      for (let s = 0; s < size; s += chunkSize)
        this.kept.push(makeRecords(seed, s, Math.min(size, s + chunkSize)));
    }
  }

  get materialized(): boolean {
    return this.kept !== undefined;
  }

  /** [start index, records] for each chunk, in order. */
  *chunks(): Generator<[number, HocbaRecord[]]> {
    for (let s = 0, c = 0; s < this.size; s += this.chunkSize, c++) {
      yield [s, this.kept?.[c] ?? makeRecords(this.seed, s, Math.min(this.size, s + this.chunkSize))];
    }
  }

  /** The first k records. */
  first(k: number): HocbaRecord[] {
    if (!this.kept) return makeRecords(this.seed, 0, Math.min(k, this.size));
    return this.kept.flat().slice(0, k);
  }
}
