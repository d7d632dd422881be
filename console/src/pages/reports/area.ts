import type { Area } from '../../shell/page.ts';

export const area: Area = {
  path: 'reports',
  label: { vi: 'Báo cáo và thống kê', en: 'Reports and statistics' },
  roles: ['provinceOfficer', 'districtOfficer', 'ministryAuditor'],
  load: () => import('./ReportsPage.tsx'),
};
