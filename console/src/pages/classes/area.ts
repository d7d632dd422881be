import type { Area } from '../../shell/page.ts';

export const area: Area = {
  path: 'classes',
  label: { vi: 'Các lớp và tiến độ', en: 'Classes and progress' },
  roles: ['principal', 'deputyPrincipal', 'schoolAdmin', 'subjectGroup'],
  load: () => import('./ClassesPage.tsx'),
};
