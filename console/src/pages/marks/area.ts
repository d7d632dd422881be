import type { Area } from '../../shell/page.ts';

export const area: Area = {
  path: 'marks',
  label: { vi: 'Nhập điểm', en: 'Marks' },
  roles: ['subjectTeacher', 'homeroomTeacher'],
  load: () => import('./MarksPage.tsx'),
};
