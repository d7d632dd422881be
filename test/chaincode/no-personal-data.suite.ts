/**
 * Nothing personal goes on chain: after a whole year's life (anchor, accept, revoke, recall, replace,
 * report), every value written to world state, every block's write set and every chaincode event is
 * scanned for the fixtures' names, dates of birth and national ids, in NFC and NFD.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inAMonth, type LedgerKind, World, YEAR } from './suite-world.ts';

const students = Array.from({ length: 12 }, (_, i) => ({
  recordId: `REC-${i}`,
  nationalId: `0222${String(10_000_000 + i * 7919).padStart(8, '0')}`,
  student: {
    name: `${['Nguyễn Thị Ánh', 'Trần Văn Bảo', 'Lê Hoàng Châu', 'Phạm Minh Dũng'][i % 4]} ${i}`,
    dateOfBirth: `2014-0${(i % 9) + 1}-1${i % 10}`,
    ethnicity: 'Tày',
    guardians: [{ name: `Đỗ Quốc Huy ${i}`, phone: `09123${String(i).padStart(5, '0')}` }],
  },
  results: { toan: 9, tiengViet: 8 },
}));

export function noPersonalDataSuite(kind: LedgerKind): void {
  let w: World;

  afterAll(async () => {
    await w?.close();
  });

  beforeAll(async () => {
    w = await World.create(kind);
    const s = w.schools['SCH-QN-001']!;
    const orgs = ['DoetMSP', 'District1MSP'];
    const a = await w.lockBatch('SCH-QN-001', students.slice(0, 6));
    const b = await w.lockBatch('SCH-QN-001', students.slice(6));
    await w.anchor('SCH-QN-001', a.args);
    await w.anchor('SCH-QN-001', b.args);
    await w.submit('batch:acceptBatch', [a.manifest.batchId], w.ids.district1!, orgs);
    for (const action of ['revoke', 'recall', 'replace']) {
      await w.submit(
        'batch:grantPermission',
        [b.manifest.batchId, action, inAMonth(), 'QĐ 9/QĐ-SGDĐT'],
        w.ids.province!,
        orgs,
      );
    }
    await w.submit(
      'batch:revokeRecord',
      [b.manifest.batchId, '1', 'CORRECTION', 'QĐ 10/QĐ-THKĐ'],
      s.principal,
      orgs,
    );
    await w.submit(
      'batch:recallBatch',
      [b.manifest.batchId, 'WRONG_DATA', 'QĐ 11/QĐ-THKĐ'],
      s.principal,
      orgs,
    );
    const c = await w.lockBatch('SCH-QN-001', students.slice(6), {
      kind: 'replacement',
      supersedes: b.manifest.batchId,
    });
    await w.anchor('SCH-QN-001', c.args);
  });

  describe('zero personal data on chain', () => {
    it('finds none of the fixtures’ personal values in state, write sets or events', async () => {
      const needles = students.flatMap((s) => [
        s.student.name,
        s.student.name.normalize('NFD'),
        s.student.name.split(' ')[0]!,
        s.student.dateOfBirth,
        s.student.dateOfBirth.replaceAll('-', ''),
        s.nationalId,
        s.student.guardians[0]!.name,
        s.student.guardians[0]!.phone,
        s.recordId,
      ]);
      const decoder = new TextDecoder();
      const haystack: string[] = [];
      let writes = 0;
      let events = 0;
      const height = await w.ledger.height();
      for (let n = 0; n < height; n++) {
        for (const tx of await w.ledger.block(n)) {
          for (const wr of tx.writes) {
            writes++;
            haystack.push(wr.key);
            if (wr.value) haystack.push(decoder.decode(wr.value));
          }
          if (tx.event) {
            events++;
            haystack.push(tx.event.name, decoder.decode(tx.event.payload));
          }
        }
      }
      expect(writes).toBeGreaterThan(40);
      expect(events).toBeGreaterThan(5);
      const text = haystack.join('\n');
      // The scan can fail: it finds a value that is on chain on purpose.
      expect(text).toContain(YEAR);
      for (const needle of needles) expect(text, needle).not.toContain(needle);
      expect(text).not.toContain('Tày');
    });
  });
}
