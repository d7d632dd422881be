import type { Area } from '../../shell/page.ts';

export const area: Area = {
  path: 'acceptance',
  label: { vi: 'Tiếp nhận hồ sơ', en: 'Acceptance' },
  roles: ['districtOfficer'],
  load: () => import('./AcceptancePage.tsx'),
};
