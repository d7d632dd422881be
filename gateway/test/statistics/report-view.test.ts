/** The ledger's facts fill what the database lacks of a report, and never overwrite what it holds. */
import { describe, expect, it } from 'vitest';
import { lacksLedgerFact, type ReportView, withLedgerFacts } from '../../src/services/report-view.ts';
import { sums } from '../../src/services/statistics.ts';

const report = (o: Partial<ReportView>): ReportView => ({
  reportId: 'r',
  schoolYear: '2025-2026',
  seq: 1,
  provinceId: 'QN',
  provinceName: 'Quảng Ninh',
  root: 'ab'.repeat(32),
  batches: 1,
  records: 4,
  waitingAcceptance: 0,
  districts: [],
  submittedBy: 'Bùi Đức Thắng',
  createdAt: '2026-07-01T01:00:00.000Z',
  state: 'submitted',
  submittedAt: '2026-07-01T01:00:05.000Z',
  ledgerTxId: 'tx',
  blockNumber: 9,
  onTime: true,
  ackState: 'none',
  acknowledgedBy: null,
  acknowledgedAt: null,
  ackLedgerTxId: null,
  ackBlockNumber: null,
  ...o,
});

describe('withLedgerFacts', () => {
  it('fills a missing verdict and time, and an acknowledgement the worker has not recorded', () => {
    const r = report({
      onTime: null,
      submittedAt: null,
      ackState: 'queued',
      acknowledgedBy: 'Ngô Thị Thanh',
    });
    expect(lacksLedgerFact(r)).toBe(true);
    const [out] = withLedgerFacts(
      [r],
      [
        {
          seq: 1,
          submittedAt: '2026-07-01T01:00:04.000Z',
          onTime: false,
          acknowledgedAt: '2026-07-02T01:00:00.000Z',
        },
      ],
    );
    expect(out).toMatchObject({
      onTime: false,
      submittedAt: '2026-07-01T01:00:04.000Z',
      ackState: 'acknowledged',
      acknowledgedAt: '2026-07-02T01:00:00.000Z',
    });
  });

  it('keeps what the database holds, and a report not yet on the ledger as it is', () => {
    const held = report({});
    expect(lacksLedgerFact(held)).toBe(false);
    expect(
      withLedgerFacts([held], [{ seq: 1, onTime: false, submittedAt: '2030-01-01T00:00:00.000Z' }]),
    ).toEqual([held]);
    const queued = report({
      state: 'queued',
      onTime: null,
      submittedAt: null,
      ledgerTxId: null,
      blockNumber: null,
    });
    expect(withLedgerFacts([queued], [{ seq: 1, onTime: true }])).toEqual([queued]);
    // Another report's facts are not this one's.
    const missing = report({ onTime: null });
    expect(withLedgerFacts([missing], [{ seq: 2, onTime: true }])[0]!.onTime).toBeNull();
  });
});

describe('sums', () => {
  it('adds grade rows into schools, districts and the total, counting each school once', () => {
    const row = (districtId: string, schoolId: string, grade: number, total: number, locked: number) => ({
      districtId,
      districtName: districtId,
      schoolId,
      schoolName: schoolId,
      grade,
      total,
      locked,
      signed: locked,
      anchored: 0,
      accepted: 0,
      revoked: 0,
    });
    const s = sums([
      row('d1', 's1', 4, 10, 5),
      row('d1', 's1', 5, 20, 20),
      row('d1', 's2', 5, 3, 0),
      row('d2', 's3', 1, 7, 7),
    ]);
    expect(s.schools.map((x) => [x.schoolId, x.total, x.locked])).toEqual([
      ['s1', 30, 25],
      ['s2', 3, 0],
      ['s3', 7, 7],
    ]);
    expect(s.districts.map((d) => [d.districtId, d.schools, d.total])).toEqual([
      ['d1', 2, 33],
      ['d2', 1, 7],
    ]);
    expect(s.totals).toEqual({ total: 40, locked: 32, signed: 32, anchored: 0, accepted: 0, revoked: 0 });
  });
});
