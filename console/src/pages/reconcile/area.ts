import type { Area } from '../../shell/page.ts';

export const area: Area = {
  path: 'reconcile',
  label: { vi: 'Đối soát', en: 'Reconciliation' },
  roles: ['ministryAuditor', 'provinceOfficer'],
  load: () => import('./ReconcilePage.tsx'),
};
