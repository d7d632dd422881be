import type { Area } from '../../shell/page.ts';

export const area: Area = {
  path: 'notifications',
  label: { vi: 'Thông báo', en: 'Notifications' },
  roles: [
    'subjectTeacher',
    'homeroomTeacher',
    'subjectGroup',
    'principal',
    'deputyPrincipal',
    'schoolAdmin',
    'districtOfficer',
    'provinceOfficer',
    'ministryAuditor',
  ],
  load: () => import('./NotificationsPage.tsx'),
};
