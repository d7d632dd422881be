/**
 * The console's areas in the order of the school year's work. Each area lives in its own folder under
 * pages/ (its page, its words, its styles) and declares the roles that see it; the gateway's policy still
 * decides every call, so a role that sees an area it cannot use only meets the gateway's refusal.
 */

import { area as acceptance } from '../pages/acceptance/area.ts';
import { area as admin } from '../pages/admin/area.ts';
import { area as audit } from '../pages/audit/area.ts';
import { area as classes } from '../pages/classes/area.ts';
import { area as corrections } from '../pages/corrections/area.ts';
import { area as homeroom } from '../pages/homeroom/area.ts';
import { area as imports } from '../pages/imports/area.ts';
import { area as marks } from '../pages/marks/area.ts';
import { area as notifications } from '../pages/notifications/area.ts';
import { area as reconcile } from '../pages/reconcile/area.ts';
import { area as registry } from '../pages/registry/area.ts';
import { area as reports } from '../pages/reports/area.ts';
import { area as review } from '../pages/review/area.ts';
import { area as year } from '../pages/year/area.ts';
import type { Area } from './page.ts';

export const AREAS: readonly Area[] = [
  classes,
  imports,
  marks,
  homeroom,
  review,
  corrections,
  admin,
  acceptance,
  year,
  registry,
  reports,
  reconcile,
  audit,
  notifications,
];

export function areasFor(role: string): Area[] {
  return AREAS.filter((a) => a.roles.includes(role));
}
