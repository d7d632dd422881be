/**
 * The class list's columns and the headers schools give them (compared without accents, case or
 * punctuation: sheet.ts headerKey).
 *
 * Confirmed (DESIGN.md §7a, the sector database's exports): STT, Mã định danh, Mã học sinh, Họ tên /
 * Họ và tên, Ngày sinh, Tên lớp / Mã lớp. Inferred (the fields of the biography, as Vietnamese class lists
 * usually title them; no official roster template was found): Giới tính, Dân tộc, Nơi sinh, Quốc tịch,
 * Họ tên cha, Họ tên mẹ.
 */
import type { ColumnSpec } from './sheet.ts';

export type RosterKey =
  | 'nationalId'
  | 'studentCode'
  | 'fullName'
  | 'dateOfBirth'
  | 'sex'
  | 'ethnicity'
  | 'birthplace'
  | 'nationality'
  | 'className'
  | 'father'
  | 'mother';

export const ROSTER_COLUMNS: readonly ColumnSpec<RosterKey>[] = [
  {
    key: 'nationalId',
    headers: ['Mã định danh', 'Mã số định danh', 'Mã định danh cá nhân', 'Số định danh cá nhân'],
    required: true,
  },
  { key: 'studentCode', headers: ['Mã học sinh', 'Mã HS'], required: false },
  {
    key: 'fullName',
    headers: ['Họ và tên', 'Họ tên', 'Họ tên học sinh', 'Họ và tên học sinh'],
    required: true,
  },
  { key: 'dateOfBirth', headers: ['Ngày sinh', 'Ngày tháng năm sinh'], required: true },
  { key: 'sex', headers: ['Giới tính'], required: true },
  { key: 'ethnicity', headers: ['Dân tộc'], required: true },
  { key: 'birthplace', headers: ['Nơi sinh'], required: true },
  { key: 'nationality', headers: ['Quốc tịch'], required: false },
  { key: 'className', headers: ['Tên lớp', 'Lớp', 'Mã lớp'], required: false },
  { key: 'father', headers: ['Họ tên cha', 'Họ và tên cha'], required: false },
  { key: 'mother', headers: ['Họ tên mẹ', 'Họ và tên mẹ'], required: false },
];
