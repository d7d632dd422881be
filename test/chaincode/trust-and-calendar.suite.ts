/**
 * Trust anchors and the calendar: run unchanged on the embedded ledger (trust-and-calendar.test.ts) and on the
 * Fabric network (test/fabric/chaincode-trust-and-calendar.test.ts).
 */
import { certificateFingerprint, derToPem } from '@hocba/integrity';
import { generateKeys, makeCert } from '@hocba/integrity/testing/fixtures/pki.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALENDAR, type LedgerKind, outcome, World, YEAR, YEARS } from './suite-world.ts';

const MINISTRY_ENDORSERS = ['MoetMSP', 'DoetMSP', 'District1MSP'];

export function trustAndCalendarSuite(kind: LedgerKind): void {
  let w: World;

  beforeAll(async () => {
    w = await World.create(kind);
  });
  afterAll(async () => {
    await w?.close();
  });

  describe('trust anchors', () => {
    it('are registered by the Ministry only, endorsed by the Ministry and the province', async () => {
      const other = await makeCert({ name: 'CN=Other Root', keys: await generateKeys('EC'), ca: true });
      const pem = derToPem(other.der, 'CERTIFICATE');
      expect(
        await outcome(w.submit('trust:registerTrustAnchor', [pem], w.ids.province!, MINISTRY_ENDORSERS)),
      ).toBe('ACCESS_DENIED');
      expect(
        await outcome(w.submit('trust:registerTrustAnchor', [pem], w.ids.auditor!, MINISTRY_ENDORSERS)),
      ).toBe('ACCESS_DENIED');
      expect(
        await outcome(
          w.submit('trust:registerTrustAnchor', [pem], w.ids.ministry!, ['DoetMSP', 'District1MSP']),
        ),
      ).toBe('ENDORSEMENT_POLICY_FAILURE');
      expect(
        await outcome(
          w.submit('trust:registerTrustAnchor', ['not a certificate'], w.ids.ministry!, MINISTRY_ENDORSERS),
        ),
      ).toBe('INVALID_ARGUMENT');
      expect(
        await outcome(w.submit('trust:registerTrustAnchor', [pem], w.ids.ministry!, MINISTRY_ENDORSERS)),
      ).toBe('VALID');
      expect(
        await outcome(w.submit('trust:registerTrustAnchor', [pem], w.ids.ministry!, MINISTRY_ENDORSERS)),
      ).toBe('ALREADY_EXISTS');
      const anchors = await w.evaluate('trust:listTrustAnchors', []);
      expect(anchors.map((a: { fingerprint: string }) => a.fingerprint)).toContain(
        certificateFingerprint(other.der),
      );
    });

    it('once retired, no longer make a signature count', async () => {
      const { args } = await w.lockBatch('SCH-QN-001', [{ recordId: 'R1' }]);
      const fp = certificateFingerprint(w.root.der);
      await w.submit('trust:retireTrustAnchor', [fp, 'rotation'], w.ids.ministry!, MINISTRY_ENDORSERS);
      expect(await outcome(w.anchor('SCH-QN-001', args))).toBe('CERT_CHAIN_UNTRUSTED');
      expect(
        await outcome(
          w.submit('trust:retireTrustAnchor', [fp, 'again'], w.ids.ministry!, MINISTRY_ENDORSERS),
        ),
      ).toBe('WRONG_STATE');
    });

    it('initialises the ledger once', async () => {
      expect(
        await outcome(w.submit('trust:initLedger', [], w.ids.province!, ['DoetMSP', 'District1MSP'])),
      ).toMatch(/ALREADY_EXISTS|ENDORSEMENT_POLICY_FAILURE/);
    });
  });

  describe('calendar', () => {
    it('is set by the province with windows in order', async () => {
      const p = w.ids.province!;
      const orgs = ['DoetMSP', 'District1MSP'];
      expect(await w.evaluate('calendar:getCalendar', [YEAR])).toMatchObject(CALENDAR);
      expect(
        await outcome(
          w.submit('calendar:setCalendar', [YEAR, JSON.stringify(CALENDAR)], w.ids.district1!, orgs),
        ),
      ).toBe('ACCESS_DENIED');
      const swapped = {
        ...CALENDAR,
        acceptanceDeadline: CALENDAR.reportDeadline,
        reportDeadline: CALENDAR.acceptanceDeadline,
      };
      expect(await outcome(w.submit('calendar:setCalendar', [YEAR, JSON.stringify(swapped)], p, orgs))).toBe(
        'INVALID_ARGUMENT',
      );
      const { lockFrom: _drop, ...missing } = CALENDAR;
      expect(await outcome(w.submit('calendar:setCalendar', [YEAR, JSON.stringify(missing)], p, orgs))).toBe(
        'INVALID_ARGUMENT',
      );
      expect(
        await outcome(w.submit('calendar:setCalendar', ['2025-2027', JSON.stringify(CALENDAR)], p, orgs)),
      ).toBe('INVALID_ARGUMENT');
      expect(await outcome(w.submit('calendar:setCalendar', [YEAR, '{not json'], p, orgs))).toBe(
        'INVALID_ARGUMENT',
      );
    });

    it('must exist before a batch of that year is anchored', async () => {
      const { args } = await w.lockBatch('SCH-QN-001', [{ recordId: 'R2' }], {
        schoolYear: YEARS.noCalendar,
      });
      expect(await outcome(w.anchor('SCH-QN-001', args))).toBe('NOT_FOUND');
    });
  });
}
