/**
 * The files a newcomer imports into the demo's empty class (EMPTY_CLASS, 5B of the primary school): its
 * class list of made-up pupils and the sector database's primary results sheet for the same pupils, laid
 * out by imports/templates.ts exactly as the importers read them. Written once into the data folder at
 * the server's first start (server.ts prints their paths); the same bytes every time for the same year.
 *
 * The marks sheet fills what the 35-column sheet can carry into a grade-5 record: Tiếng Việt and Toán with
 * their level and periodic test score, and the untested subjects' levels. Grade 5's other tested subjects
 * (Khoa học, Lịch sử và Địa lí, Ngoại ngữ 1, Tin học và Công nghệ) need a score the sheet has no column
 * for: they are left empty, to be entered in the marks grid. Competencies, qualities and the decision
 * columns are filled as a school's export has them; the importer does not take them (see primary.ts).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { primaryMarksWorkbook, rosterWorkbook, type TemplateCell } from '../imports/templates.ts';
import { demoPupil, FAMILY, GIVEN_FEMALE, GIVEN_MALE, MIDDLE_FEMALE, MIDDLE_MALE } from './people.ts';

/** Pupils in the demo class list (a class of Vietnamese primary school, 30–35). */
export const DEMO_CLASS_SIZE = 30;

export interface DemoFiles {
  roster: string;
  marks: string;
}

export interface DemoClassPupil {
  nationalId: string;
  studentCode: string;
  fullName: string;
  /** dd/mm/yyyy, as a school's sheet writes it. */
  dateOfBirth: string;
  sex: 'Nam' | 'Nữ';
  ethnicity: string;
  birthplace: string;
  father: string;
  mother: string;
}

/** Numbered past the seeded pupils' (people.ts numbers them from 0), so no name or id is reused. */
const FIRST = 500;

/**
 * A name no other pupil of the class has: the given names run through before one repeats, and a repeated
 * given name comes with another family and middle name (people.ts's numbering repeats every twelve).
 */
function classmateName(i: number, female: boolean): string {
  const n = Math.floor(i / 2); // the n-th girl or boy of the class
  const given = (female ? GIVEN_FEMALE : GIVEN_MALE)[n % 12]!;
  const middle = (female ? MIDDLE_FEMALE : MIDDLE_MALE)[(n + Math.floor(n / 12)) % 6]!;
  const family = FAMILY[(i * 5 + Math.floor(n / 12) * 7) % FAMILY.length]!;
  return `${family} ${middle} ${given}`;
}

const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * The class's made-up pupils. Their mã định danh end in 5 (the seeded ones' end in 1): none is a pupil
 * the database holds already, so the whole list is new on its first import.
 */
export function demoClassPupils(o: { provinceCode: string; schoolYear: string }): DemoClassPupil[] {
  const yearStart = Number(o.schoolYear.slice(0, 4));
  return Array.from({ length: DEMO_CLASS_SIZE }, (_, i) => {
    const b = demoPupil(FIRST + i, 5, yearStart);
    const sexDigit = b.sex === 'male' ? 2 : 3;
    const fullName = classmateName(i, b.sex === 'female');
    const father = b.guardians.find((g) => g.relation === 'father')?.fullName ?? '';
    return {
      nationalId: `0${o.provinceCode}${sexDigit}${b.dateOfBirth.slice(2, 4)}${90_000 + i}5`,
      studentCode: `HS${o.provinceCode}-5B${String(i + 1).padStart(2, '0')}`,
      fullName,
      dateOfBirth: ddmmyyyy(b.dateOfBirth),
      sex: b.sex === 'male' ? 'Nam' : 'Nữ',
      ethnicity: b.ethnicity,
      birthplace: b.birthplace,
      // The child carries the father's family name.
      father: `${fullName.split(' ')[0]} ${father.split(' ').slice(1).join(' ')}`,
      mother: b.guardians.find((g) => g.relation === 'mother')?.fullName ?? '',
    };
  });
}

/** Row cells in the roster template's column order (templates.ts ROSTER_SHEET_HEADERS). */
function rosterRow(p: DemoClassPupil, i: number, className: string): TemplateCell[] {
  return [
    i + 1,
    p.nationalId,
    p.studentCode,
    p.fullName,
    p.dateOfBirth,
    p.sex,
    p.ethnicity,
    p.birthplace,
    'Việt Nam',
    className,
    p.father,
    p.mother,
  ];
}

/** A pupil's results, varied by number but always within the circular's rules. */
function marksRow(p: DemoClassPupil, i: number, className: string): TemplateCell[] {
  const score = (k: number) => 6 + ((i * 7 + k * 3) % 5); // 6–10
  const level = (s: number) => (s >= 9 ? 'T' : 'H');
  const tv = score(0);
  const toan = score(1);
  const rated = (k: number) => ((i + k) % 4 === 0 ? 'Đ' : 'T');
  const good = tv >= 9 && toan >= 9;
  return [
    i + 1,
    className,
    p.nationalId,
    p.fullName,
    p.dateOfBirth,
    level(tv),
    tv,
    level(toan),
    toan,
    (i + 1) % 3 === 0 ? 'H' : 'T', // Đạo đức
    null, // Tự nhiên và Xã hội: grades 1–3 only
    null, // Khoa học: tested in grade 5, no score column in this sheet
    null, // Lịch sử và Địa lí: likewise
    null, // Ngoại ngữ: likewise
    null, // Tin học và Công nghệ: likewise
    i % 4 === 1 ? 'T' : 'H', // Giáo dục thể chất
    'T', // Âm nhạc
    i % 2 === 0 ? 'T' : 'H', // Mĩ thuật
    'T', // Hoạt động trải nghiệm
    ...[0, 1, 2].map(rated),
    ...[3, 4, 5, 6, 7].map(rated),
    ...[8, 9, 10, 11, 12].map(rated),
    'Hoàn thành',
    'Lên lớp',
    good ? 'HTT' : 'HT',
  ];
}

/**
 * Writes the class list and the marks sheet into `dir` unless they are there already (a kept data folder
 * keeps the files a newcomer may have edited); returns their paths.
 */
export async function writeDemoFiles(
  dir: string,
  o: { provinceCode: string; schoolName: string; schoolYear: string; className: string },
): Promise<DemoFiles> {
  const files: DemoFiles = {
    roster: join(dir, `danh-sach-lop-${o.className}.xlsx`),
    marks: join(dir, `ket-qua-cuoi-nam-${o.className}.xlsx`),
  };
  if (existsSync(files.roster) && existsSync(files.marks)) return files;
  mkdirSync(dir, { recursive: true });
  const pupils = demoClassPupils(o);
  const school = o.schoolName.toUpperCase();
  const roster = await rosterWorkbook(
    pupils.map((p, i) => rosterRow(p, i, o.className)),
    { lines: [school, `DANH SÁCH HỌC SINH LỚP ${o.className} NĂM HỌC ${o.schoolYear}`] },
  );
  const marks = await primaryMarksWorkbook(
    pupils.map((p, i) => marksRow(p, i, o.className)),
    { lines: [school, `TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ CUỐI NĂM HỌC ${o.schoolYear} — LỚP ${o.className}`] },
  );
  writeFileSync(files.roster, roster);
  writeFileSync(files.marks, marks);
  return files;
}
