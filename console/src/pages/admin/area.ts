import type { Area } from '../../shell/page.ts';

export const area: Area = {
  path: 'admin',
  label: { vi: 'Quản trị', en: 'Administration' },
  roles: ['schoolAdmin', 'principal'],
  load: () => import('./AdminPage.tsx'),
};
