import type { Area } from '../../shell/page.ts';

export const area: Area = {
  path: 'review',
  label: { vi: 'Xác nhận và phê duyệt', en: 'Confirm and approve' },
  roles: ['subjectGroup', 'principal', 'deputyPrincipal'],
  load: () => import('./ReviewPage.tsx'),
};
