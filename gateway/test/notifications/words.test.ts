/**
 * The pure parts of the notifier: when an editing window counts as opened or closed (and since when, the
 * moment that names its notification), and what a notification's mail says.
 */
import { describe, expect, it } from 'vitest';
import { windowMoment } from '../../src/services/notifications-due.ts';
import { mailOf } from '../../src/services/notifications-mail.ts';

const at = (iso: string) => new Date(iso);
const window = (o: { frozen?: boolean; opensAt?: string; closesAt?: string; updatedAt: string }) =>
  ({
    id: 'w',
    schoolId: 's',
    schoolYear: '2025-2026',
    classId: null,
    subject: null,
    frozen: o.frozen ?? false,
    opensAt: o.opensAt ? at(o.opensAt) : null,
    closesAt: o.closesAt ? at(o.closesAt) : null,
    changedBy: 'u',
    reason: null,
    createdAt: at(o.updatedAt),
    updatedAt: at(o.updatedAt),
  }) as Parameters<typeof windowMoment>[0];

describe('windowMoment', () => {
  const now = at('2026-05-20T03:00:00.000Z');
  it('frozen: closed since it was set', () => {
    expect(windowMoment(window({ frozen: true, updatedAt: '2026-05-19T01:00:00.000Z' }), now)).toEqual({
      open: false,
      since: at('2026-05-19T01:00:00.000Z'),
    });
  });
  it('waiting for its opening moment: nothing to tell yet', () => {
    expect(
      windowMoment(
        window({ opensAt: '2026-05-20T04:00:00.000Z', updatedAt: '2026-05-19T01:00:00.000Z' }),
        now,
      ),
    ).toBeUndefined();
  });
  it('opened at its moment, set earlier: open since the moment (the same subject on every tick)', () => {
    const w = window({ opensAt: '2026-05-20T02:00:00.000Z', updatedAt: '2026-05-19T01:00:00.000Z' });
    expect(windowMoment(w, now)).toEqual({ open: true, since: at('2026-05-20T02:00:00.000Z') });
    expect(windowMoment(w, at('2026-05-21T00:00:00.000Z'))).toEqual(windowMoment(w, now));
  });
  it('unfrozen with no bounds: open since it was set', () => {
    expect(windowMoment(window({ updatedAt: '2026-05-19T01:00:00.000Z' }), now)).toEqual({
      open: true,
      since: at('2026-05-19T01:00:00.000Z'),
    });
  });
  it('past its closing moment: closed since then', () => {
    const w = window({ closesAt: '2026-05-20T02:59:00.000Z', updatedAt: '2026-05-01T00:00:00.000Z' });
    expect(windowMoment(w, now)).toEqual({ open: false, since: at('2026-05-20T02:59:00.000Z') });
  });
});

describe('mailOf', () => {
  it('says the words Vietnamese first and links into the console at the public address', () => {
    const m = mailOf(
      {
        titleVi: 'Lô học bạ lớp 5A chờ tiếp nhận',
        titleEn: 'Batch 5A awaits acceptance',
        link: '#/acceptance/B-1',
      },
      'https://hocba.quangninh.edu.vn/',
    );
    expect(m.subject).toBe('[Học bạ số] Lô học bạ lớp 5A chờ tiếp nhận');
    expect(m.text.split('\n')).toEqual([
      'Lô học bạ lớp 5A chờ tiếp nhận',
      'Batch 5A awaits acceptance',
      '',
      'Mở trên trang quản lý / open in the console:',
      'https://hocba.quangninh.edu.vn/console/#/acceptance/B-1',
      '',
    ]);
  });
});
