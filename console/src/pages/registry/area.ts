import type { Area } from '../../shell/page.ts';

export const area: Area = {
  path: 'registry',
  label: { vi: 'Chứng thư, quyền và đơn vị', en: 'Certificates, permissions and units' },
  roles: ['provinceOfficer'],
  load: () => import('./RegistryPage.tsx'),
};
