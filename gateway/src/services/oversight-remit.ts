/**
 * The oversight reads' remit (issue 14 point 1): which schools a caller's counts and waiting lists may
 * cover, as one condition on the `schools` row every such query joins. The scope kinds are batch-list.ts's
 * (the same relations of the policy table), so a district officer's counts cover what their batch list does.
 */
import { schools } from '@hocba/db';
import { eq, inArray, type SQL } from 'drizzle-orm';
import type { BatchListScope } from './batch-list.ts';

export type OversightScope = BatchListScope;

/** The filters every oversight read takes; a filter outside the remit matches nothing, never widens it. */
export interface PlaceFilter {
  scope: OversightScope;
  districtId?: string | undefined;
  schoolId?: string | undefined;
}

// An empty IN list matches nothing; '' is no school's id.
const some = (list: readonly string[]) => (list.length ? [...list] : ['']);

/** The conditions on the joined `schools` row: the remit, then the district and school filters. */
export function placeConditions(f: PlaceFilter): (SQL | undefined)[] {
  const s = f.scope;
  return [
    s.kind === 'all'
      ? undefined
      : s.kind === 'school'
        ? inArray(schools.id, some(s.ids))
        : s.kind === 'district'
          ? inArray(schools.districtId, some(s.ids))
          : inArray(schools.provinceId, some(s.ids)),
    f.districtId === undefined ? undefined : eq(schools.districtId, f.districtId),
    f.schoolId === undefined ? undefined : eq(schools.id, f.schoolId),
  ];
}
