import type { Area } from '../../shell/page.ts';

export const area: Area = {
  path: 'homeroom',
  label: { vi: 'Lớp chủ nhiệm', en: 'My class' },
  roles: ['homeroomTeacher'],
  load: () => import('./HomeroomPage.tsx'),
};
