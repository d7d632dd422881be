/** The caller's remit for the oversight reads: the policy's relation for `oversight.read` and their grants. */
import { relationFor } from '../../../auth/policy.ts';
import type { Principal } from '../../../auth/principal.ts';
import { ApiError } from '../../../http-errors.ts';
import type { OversightScope } from '../../../services/oversight-remit.ts';

export function remitOf(user: Principal): OversightScope {
  const relation = relationFor('oversight.read', user.role);
  const values = (k: 'schoolId' | 'districtId' | 'provinceId') =>
    user.scope.map((g) => g[k]).filter((v): v is string => typeof v === 'string' && v !== '');
  switch (relation) {
    case 'any':
      return { kind: 'all' };
    case 'school':
      return { kind: 'school', ids: values('schoolId') };
    case 'district':
      return { kind: 'district', ids: values('districtId') };
    case 'province':
      return { kind: 'province', ids: values('provinceId') };
    default:
      throw new ApiError('FORBIDDEN');
  }
}
