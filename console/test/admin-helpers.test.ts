/**
 * The administration area's pure helpers (console/src/pages/admin): a moment typed in Vietnam's time as the
 * instant the gateway takes, impossible days refused rather than rolled over; the first password's shape;
 * a grant carrying exactly its role's columns; a certificate's names and fingerprint as the screen shows them.
 */
import { describe, expect, it } from 'vitest';
import { groupedFingerprint, nameText } from '../src/pages/admin/cert-text.ts';
import { grantOf, NO_GRANT } from '../src/pages/admin/grants.ts';
import { firstPassword } from '../src/pages/admin/password.ts';
import { momentOf, NO_MOMENT } from '../src/pages/admin/vietnam-time.ts';

const at = (day: string, month: string, year: string, hour: string, minute = '') =>
  momentOf({ day, month, year, hour, minute });

describe('momentOf', () => {
  it('reads the wall clock of Vietnam (UTC+7, no daylight saving)', () => {
    expect(at('1', '9', '2026', '7', '00')).toBe('2026-09-01T00:00:00.000Z');
    // Before 07:00 in Hà Nội it is still the previous day in UTC.
    expect(at('01', '01', '2027', '6', '59')).toBe('2026-12-31T23:59:00.000Z');
    // The minute may be left out: on the hour.
    expect(at('31', '5', '2027', '17')).toBe('2027-05-31T10:00:00.000Z');
  });

  it('is no bound when every field is empty, and refuses what is no moment', () => {
    expect(momentOf(NO_MOMENT)).toBeUndefined();
    expect(at('31', '2', '2027', '17')).toBeNull();
    expect(at('29', '2', '2027', '8')).toBeNull();
    expect(at('29', '2', '2028', '8')).toBe('2028-02-29T01:00:00.000Z');
    expect(at('1', '13', '2027', '8')).toBeNull();
    expect(at('1', '9', '2026', '24')).toBeNull();
    expect(at('1', '9', '2026', '7', '60')).toBeNull();
    expect(at('1', '9', '26', '7')).toBeNull();
    expect(at('một', '9', '2026', '7')).toBeNull();
    expect(at('1', '9', '2026', '')).toBeNull();
  });
});

describe('firstPassword', () => {
  it('is four groups of four characters without look-alikes, different each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const p = firstPassword();
      expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{4}(-[a-km-zA-HJ-NP-Z2-9]{4}){3}$/);
      expect(p.length).toBeGreaterThanOrEqual(12);
      seen.add(p);
    }
    expect(seen.size).toBe(50);
  });
});

describe('grantOf', () => {
  it("fills exactly the role's columns, the school from the page", () => {
    expect(
      grantOf({ role: 'subjectTeacher', classId: 'C-5A', subject: 'TOAN' }, 'S1', 'g', 'vi').body,
    ).toEqual({ role: 'subjectTeacher', classId: 'C-5A', subject: 'TOAN' });
    // A class chosen before the role changed is not sent with a role that takes none.
    expect(grantOf({ role: 'schoolAdmin', classId: 'C-5A', subject: 'TOAN' }, 'S1', 'g', 'vi').body).toEqual({
      role: 'schoolAdmin',
      schoolId: 'S1',
    });
    expect(grantOf({ role: 'subjectGroup', classId: '', subject: 'NGU_VAN' }, 'S1', 'g', 'vi').body).toEqual({
      role: 'subjectGroup',
      schoolId: 'S1',
      subject: 'NGU_VAN',
    });
  });

  it('names each missing field, linked to its input', () => {
    expect(grantOf(NO_GRANT, 'S1', 'g', 'vi').errors).toEqual([
      { field: 'g-role-0', message: 'Chọn một vai trò' },
    ]);
    expect(grantOf({ ...NO_GRANT, role: 'subjectTeacher' }, 'S1', 'g', 'en').errors).toEqual([
      { field: 'g-class', message: 'Choose the class' },
      { field: 'g-subject', message: 'Choose the subject' },
    ]);
    // A role the school admin cannot grant is not offered, so not sent.
    expect(grantOf({ ...NO_GRANT, role: 'principal' }, 'S1', 'g', 'vi').body).toBeUndefined();
  });
});

describe("a certificate's facts", () => {
  it('names the holder by CN and O, escapes undone', () => {
    expect(
      nameText('CN=Hiệu trưởng Trường Tiểu học Kim Đồng,OU=SCH-QN-001,O=Trường Tiểu học Kim Đồng,C=VN'),
    ).toBe('Hiệu trưởng Trường Tiểu học Kim Đồng — Trường Tiểu học Kim Đồng');
    expect(nameText('CN=Nguyễn Văn A\\, Hiệu trưởng,O=Trường THCS Chu Văn An')).toBe(
      'Nguyễn Văn A, Hiệu trưởng — Trường THCS Chu Văn An',
    );
    // Neither: the whole name rather than nothing.
    expect(nameText('C=VN')).toBe('C=VN');
  });

  it('groups a fingerprint by four, upper case', () => {
    const hex = 'bf57f640b609606ad20397e8bff375cb1dc77f90f19ab076741092f3f79e4b5c';
    expect(groupedFingerprint(hex)).toBe(
      'BF57 F640 B609 606A D203 97E8 BFF3 75CB 1DC7 7F90 F19A B076 7410 92F3 F79E 4B5C',
    );
  });
});
