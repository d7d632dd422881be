/**
 * The marks area's homeroom grid, its pure parts (console/src/pages/marks): the columns of a primary class,
 * a rating read from a letter or a word, and a row checked by the record's own homeroom schema with each
 * problem on its cell, what the grid has no column for sent back unchanged.
 */
import { describe, expect, it } from 'vitest';
import { parseCell } from '../src/pages/marks/cells.ts';
import { homeroomShape, inputColumns } from '../src/pages/marks/columns.ts';
import { type Cells, checkRow, columnOf, keptOf } from '../src/pages/marks/entry.ts';

const shape = homeroomShape('TH', 4)!;
const cols = inputColumns(shape);
const all = (text: string): Cells =>
  Object.fromEntries(cols.map((c) => [c.key, c.kind === 'rating' ? text : '']));

describe('the homeroom grid', () => {
  it('has fifteen ratings and three comments for a primary class, and no grid for a secondary one', () => {
    expect(cols.filter((c) => c.kind === 'rating')).toHaveLength(15);
    expect(cols.filter((c) => c.kind === 'text').map((c) => c.key)).toEqual([
      'qualitiesComment',
      'competenciesComment',
      'homeroomComment',
    ]);
    expect(homeroomShape('THCS', 8)).toBeUndefined();
  });

  it('reads T/Đ/C as letters or words, with or without accents, and refuses anything else', () => {
    expect(
      ['T', 'tốt', 'Đ', 'dat', 'Đạt', 'c', 'Cần cố gắng', 'can co gang'].map((t) => parseCell('rating', t)),
    ).toEqual(['T', 'T', 'D', 'D', 'D', 'C', 'C', 'C'].map((value) => ({ ok: true, value })));
    expect(parseCell('rating', 'H')).toEqual({ ok: false, reason: 'ratingRule' });
  });

  it('builds the part from the cells and keeps what has no column; a rating left out is named on its cell', () => {
    const kept = keptOf(shape, {
      qualities: { patriotism: 'C' },
      otherAwards: ['Giải Nhì vẽ tranh'],
      award: null,
    });
    expect(kept).toEqual({ otherAwards: ['Giải Nhì vẽ tranh'], award: null });
    const good = checkRow(shape, { ...all('T'), homeroomComment: 'Chăm ngoan.' }, kept, 'vi');
    expect(good.cellErrors).toEqual({});
    expect(good.data).toMatchObject({
      qualities: { patriotism: 'T', honesty: 'T' },
      specificCompetencies: { physical: 'T' },
      homeroomComment: 'Chăm ngoan.',
      otherAwards: ['Giải Nhì vẽ tranh'],
      award: null,
    });
    const missing = checkRow(shape, { ...all('Đ'), 'qualities.honesty': '' }, {}, 'vi');
    expect(missing.cellErrors).toEqual({ 'qualities.honesty': 'Phẩm chất chủ yếu: Trung thực: chưa nhập' });
    // With no award kept, the part still has its (empty) list of other awards, as the schema requires.
    expect(checkRow(shape, all('T'), keptOf(shape, undefined), 'vi').cellErrors).toEqual({});
  });

  it('puts a problem about a whole group on its first empty cell', () => {
    const cells = {
      ...all('T'),
      'generalCompetencies.selfDirectedLearning': '',
      'generalCompetencies.communicationAndCollaboration': '',
    };
    expect(columnOf(shape, '/generalCompetencies', cells, { 1: [], 2: [] })).toBe(
      'generalCompetencies.selfDirectedLearning',
    );
    expect(columnOf(shape, '/qualities/kindness', cells, { 1: [], 2: [] })).toBe('qualities.kindness');
  });
});
