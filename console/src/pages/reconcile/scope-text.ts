/** A run's scope in words: the narrowest place named, and the year. */
import type { Lang } from '../../words.ts';
import type { RunItem } from './data.ts';
import { rw } from './words.ts';

export function scopeText(scope: RunItem['scope'], lang: Lang): string {
  const place = scope.schoolName ?? scope.districtName ?? scope.provinceName ?? rw('scopeAll', lang);
  return scope.schoolYear ? `${place}, ${rw('scopeYear', lang, { year: scope.schoolYear })}` : place;
}
