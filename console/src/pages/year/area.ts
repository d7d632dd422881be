import type { Area } from '../../shell/page.ts';

export const area: Area = {
  path: 'year',
  label: { vi: 'Tiến độ năm học', en: 'The school year' },
  roles: ['provinceOfficer', 'districtOfficer', 'ministryAuditor'],
  load: () => import('./YearPage.tsx'),
};
