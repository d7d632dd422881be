/**
 * The made-up people of the demo province: pupils' names, dates of birth, birthplaces and guardians, and
 * the staff accounts. Nobody here exists; the names are common Vietnamese ones, combined by number.
 */
import type { Biography } from '@hocba/records';

export const FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Vũ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Ngô',
  'Dương',
  'Lý',
];
export const MIDDLE_MALE = ['Văn', 'Minh', 'Quốc', 'Đức', 'Gia', 'Hữu'];
export const MIDDLE_FEMALE = ['Thị', 'Ngọc', 'Thu', 'Phương', 'Khánh', 'Bảo'];
export const GIVEN_MALE = [
  'An',
  'Bảo',
  'Dũng',
  'Hải',
  'Khôi',
  'Long',
  'Nam',
  'Phúc',
  'Quân',
  'Sơn',
  'Tùng',
  'Vinh',
];
export const GIVEN_FEMALE = [
  'Anh',
  'Châu',
  'Giang',
  'Hà',
  'Hương',
  'Linh',
  'Mai',
  'Ngân',
  'Nhung',
  'Thảo',
  'Trang',
  'Vy',
];
const BIRTHPLACES = [
  'Thành phố Hạ Long, tỉnh Quảng Ninh',
  'Thành phố Cẩm Phả, tỉnh Quảng Ninh',
  'Thành phố Uông Bí, tỉnh Quảng Ninh',
  'Huyện Vân Đồn, tỉnh Quảng Ninh',
];
const OCCUPATIONS = ['Công nhân mỏ', 'Giáo viên', 'Kinh doanh', 'Kĩ sư', 'Nội trợ', 'Ngư dân', 'Bác sĩ'];

/**
 * Pupil number `k` of the province (0, 1, 2…) in a class of `grade` in the school year starting
 * `yearStart`: born in the year a child of that grade is (6 on entering grade 1).
 */
export function demoPupil(k: number, grade: number, yearStart: number): Biography {
  const female = k % 2 === 1;
  const family = FAMILY[(k * 5) % FAMILY.length]!;
  const middle = (female ? MIDDLE_FEMALE : MIDDLE_MALE)[k % 6]!;
  const given = (female ? GIVEN_FEMALE : GIVEN_MALE)[(k * 7) % 12]!;
  const born = yearStart - 5 - grade;
  const month = String(1 + ((k * 5) % 12)).padStart(2, '0');
  const day = String(1 + ((k * 11) % 28)).padStart(2, '0');
  const fatherGiven = GIVEN_MALE[(k * 3 + 1) % 12]!;
  const motherFamily = FAMILY[(k * 5 + 3) % FAMILY.length]!;
  const motherGiven = GIVEN_FEMALE[(k * 3 + 2) % 12]!;
  return {
    fullName: `${family} ${middle} ${given}`,
    dateOfBirth: `${born}-${month}-${day}`,
    sex: female ? 'female' : 'male',
    birthplace: BIRTHPLACES[k % BIRTHPLACES.length]!,
    ethnicity: k % 9 === 4 ? 'Tày' : k % 9 === 7 ? 'Sán Dìu' : 'Kinh',
    nationality: 'Việt Nam',
    guardians: [
      {
        relation: 'father',
        fullName: `${family} Văn ${fatherGiven}`,
        occupation: OCCUPATIONS[k % OCCUPATIONS.length]!,
      },
      {
        relation: 'mother',
        fullName: `${motherFamily} Thị ${motherGiven}`,
        occupation: OCCUPATIONS[(k + 3) % OCCUPATIONS.length]!,
      },
    ],
  };
}

/** Homeroom teachers' remarks, by pupil number. */
export const HOMEROOM_COMMENTS = [
  'Em chăm ngoan, học tập tiến bộ, hoà đồng với bạn bè.',
  'Em tích cực phát biểu xây dựng bài, cần cẩn thận hơn khi làm bài.',
  'Em có ý thức tự học tốt, là tấm gương cho các bạn trong lớp.',
  'Em lễ phép, trung thực; cần mạnh dạn hơn khi trình bày ý kiến.',
];
