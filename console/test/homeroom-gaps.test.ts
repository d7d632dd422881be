/**
 * The homeroom area's pure rules (console/src/pages/homeroom): what a record still lacks and whether that
 * blocks its review, and the date of birth read from three typed fields.
 */
import { describe, expect, it } from 'vitest';
import { blocksReview, compulsorySubjects, gapsOf, gapText } from '../src/pages/homeroom/missing.ts';
import { isoDateOf as isoOf, datePartsOf as partsOf } from '../src/ui/dates.ts';

const grade4 = compulsorySubjects('TH', 4);

describe('gapsOf', () => {
  it('names the subjects without results and the homeroom part of a draft', () => {
    const gaps = gapsOf({ level: 'TH', grade: 4, state: 'draft', entered: ['TOAN'] });
    expect(gaps.map((g) => g.kind)).toEqual(['subjects', 'homeroom']);
    expect(gaps[0]).toMatchObject({ codes: grade4.filter((c) => c !== 'TOAN') });
    expect(blocksReview(gaps)).toBe(true);
    expect(gapText(gaps[1]!, 'TH', 'vi')).toBe('Phẩm chất, năng lực');
    expect(gapText(gaps[1]!, 'THCS', 'vi')).toBe('Rèn luyện, chuyên cần');
  });

  it('lets a complete record be reviewed, though its comment and guardians are missing', () => {
    const gaps = gapsOf({
      level: 'TH',
      grade: 4,
      state: 'entered',
      entered: [...grade4, 'homeroom'],
      homeroomComment: '',
      guardians: 0,
    });
    expect(gaps.map((g) => g.kind)).toEqual(['comment', 'guardians']);
    expect(blocksReview(gaps)).toBe(false);
  });

  it('says nothing of a comment it has not read, nor of records past entry', () => {
    expect(gapsOf({ level: 'TH', grade: 4, state: 'entered', entered: [...grade4, 'homeroom'] })).toEqual([]);
    expect(gapsOf({ level: 'TH', grade: 4, state: 'approved', entered: [], guardians: 0 })).toEqual([]);
  });

  it('blocks an enrolment with no record at all', () => {
    const gaps = gapsOf({ level: 'THCS', grade: 6, state: null, entered: [] });
    expect(gaps).toEqual([{ kind: 'noRecord', blocks: true }]);
    expect(gapText(gaps[0]!, 'THCS', 'en')).toBe('No record yet');
  });

  it('names subjects in words, not codes', () => {
    const [g] = gapsOf({ level: 'THCS', grade: 6, state: 'draft', entered: ['homeroom'] });
    expect(gapText(g!, 'THCS', 'vi')).toMatch(/^Môn chưa có kết quả: Ngữ văn, Toán/);
    expect(gapText(g!, 'THCS', 'vi')).not.toMatch(/NGU_VAN|TOAN/);
  });
});

describe('the date of birth as three fields', () => {
  it('reads a real day, written as a person writes it', () => {
    expect(isoOf({ day: '4', month: '5', year: '2016' })).toBe('2016-05-04');
    expect(isoOf({ day: ' 29', month: '02', year: '2016 ' })).toBe('2016-02-29');
  });

  it('refuses a day that does not exist, a short year and a missing part', () => {
    expect(isoOf({ day: '31', month: '2', year: '2016' })).toBe('invalid');
    expect(isoOf({ day: '29', month: '2', year: '2015' })).toBe('invalid');
    expect(isoOf({ day: '1', month: '13', year: '2016' })).toBe('invalid');
    expect(isoOf({ day: '1', month: '1', year: '16' })).toBe('invalid');
    expect(isoOf({ day: '1', month: '', year: '2016' })).toBe('missing');
  });

  it('splits a stored date into the fields without leading zeros', () => {
    expect(partsOf('2016-05-04')).toEqual({ day: '4', month: '5', year: '2016' });
  });
});
