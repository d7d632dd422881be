import type { Area } from '../../shell/page.ts';

export const area: Area = {
  path: 'changes',
  label: { vi: 'Đính chính, chuyển trường, thu hồi', en: 'Corrections, transfers, revocations' },
  roles: ['homeroomTeacher', 'subjectTeacher', 'subjectGroup', 'principal', 'schoolAdmin'],
  load: () => import('./ChangesPage.tsx'),
};
