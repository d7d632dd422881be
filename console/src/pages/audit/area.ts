import type { Area } from '../../shell/page.ts';

export const area: Area = {
  path: 'audit',
  label: { vi: 'Nhật ký và tin cậy', en: 'Audit log and trust' },
  roles: ['ministryAuditor', 'provinceOfficer'],
  load: () => import('./AuditPage.tsx'),
};
