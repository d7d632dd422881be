/** The province's calendar for a school year (seed 000 Art. 4 §3: 30/6, 10/7, 15/8), enforced by tx time. */
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { authorize } from '../access.ts';
import * as arg from '../args.ts';
import { refuse } from '../errors.ts';
import { type Calendar, KEY } from '../model.ts';
import { mustGet, putJson, txIso } from '../state.ts';
import { HocbaContract } from './base.ts';

const WINDOWS = [
  'lockFrom',
  'lockUntil',
  'acceptanceDeadline',
  'reportDeadline',
  'supplementaryDeadline',
  'replacementFrom',
  'replacementUntil',
] as const;

export const getCalendar = (ctx: Context, schoolYear: string) =>
  mustGet<Calendar>(ctx, KEY.calendar(schoolYear), `the calendar of ${schoolYear}`);

@Info({ title: 'calendar', description: "The province's windows for a school year" })
export class CalendarContract extends HocbaContract {
  constructor() {
    super('calendar');
  }

  @Transaction()
  @Returns('string')
  async setCalendar(ctx: Context, schoolYear: string, windowsJson: string): Promise<string> {
    authorize(ctx, 'setCalendar');
    arg.schoolYear(schoolYear);
    const w = arg.json<Record<string, string>>(windowsJson, 'windows');
    const c = { schoolYear } as Calendar;
    for (const name of WINDOWS) {
      if (typeof w[name] !== 'string') refuse('INVALID_ARGUMENT', `the calendar needs ${name}`);
      c[name] = arg.instant(w[name] as string, name);
    }
    const order = (a: keyof Calendar, b: keyof Calendar) => {
      if (Date.parse(c[a] as string) > Date.parse(c[b] as string))
        refuse('INVALID_ARGUMENT', `${a} must not be after ${b}`);
    };
    order('lockFrom', 'lockUntil');
    order('lockUntil', 'acceptanceDeadline');
    order('acceptanceDeadline', 'reportDeadline');
    order('reportDeadline', 'supplementaryDeadline');
    order('replacementFrom', 'replacementUntil');
    c.setAt = txIso(ctx);
    await putJson(ctx, KEY.calendar(schoolYear), c);
    return JSON.stringify(c);
  }

  @Transaction(false)
  @Returns('string')
  async getCalendar(ctx: Context, schoolYear: string): Promise<string> {
    authorize(ctx, 'read');
    return JSON.stringify(await getCalendar(ctx, schoolYear));
  }
}

/** Refuses unless `now` is within [from, until]. */
export function requireWindow(now: Date, from: string | undefined, until: string, what: string): void {
  const t = now.getTime();
  if ((from && t < Date.parse(from)) || t > Date.parse(until)) {
    refuse(
      'WINDOW_CLOSED',
      `${what} is open ${from ? `from ${from} ` : ''}until ${until}; it is now ${now.toISOString()}`,
    );
  }
}
