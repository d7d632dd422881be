import type { Area } from '../../shell/page.ts';

export const area: Area = {
  path: 'imports',
  label: { vi: 'Nhập từ tệp Excel', en: 'Import from Excel' },
  roles: ['schoolAdmin', 'homeroomTeacher', 'subjectTeacher', 'principal'],
  load: () => import('./ImportsPage.tsx'),
};
