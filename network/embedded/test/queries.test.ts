import './env.ts';
import { describe, expect, it } from 'vitest';
import { compareKeys } from '../src/keys.ts';
import { DOET_D1, makeClients, makeLedger, manualClock, text } from './helpers.ts';

describe('queries', () => {
  it('pages through 25 keys 10 at a time; the bookmark is the next page’s first key', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    const o = { identity: principal, endorsingOrgs: DOET_D1 };
    await ledger.submitAndCommit('sample:putMany', ['item', '25'], o);
    await ledger.submitAndCommit('sample:putMany', ['other', '3'], o);
    const page = async (bookmark: string) =>
      JSON.parse(text(await ledger.evaluate('sample:listPage', ['item', 'item~', '10', bookmark], o)));
    const p1 = await page('');
    expect(p1.keys).toEqual(Array.from({ length: 10 }, (_, i) => `item${String(i).padStart(3, '0')}`));
    expect(p1).toMatchObject({ fetched: 10, bookmark: 'item010' });
    const p2 = await page(p1.bookmark);
    expect(p2.keys[0]).toBe('item010');
    expect(p2).toMatchObject({ fetched: 10, bookmark: 'item020' });
    const p3 = await page(p2.bookmark);
    expect(p3.keys).toEqual(['item020', 'item021', 'item022', 'item023', 'item024']);
    expect(p3).toMatchObject({ fetched: 5, bookmark: '' });
  });

  it('a page that ends exactly at the last key still names the next key, or none', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    const o = { identity: principal, endorsingOrgs: DOET_D1 };
    await ledger.submitAndCommit('sample:putMany', ['k', '10'], o);
    const p = JSON.parse(text(await ledger.evaluate('sample:listPage', ['k', 'k~', '10', ''], o)));
    expect(p).toMatchObject({ fetched: 10, bookmark: '' });
  });

  it('an empty page comes with no metadata, as fabric-shim hands it over from a Fabric peer', async () => {
    // Seen on Fabric 2.5 (test/fabric/chaincode-contracts.test.ts): the peer marshals {fetchedRecordsCount:
    // 0, bookmark: ''} to no bytes, so fabric-shim leaves `metadata` undefined; a chaincode that reads
    // metadata.bookmark on an empty page fails there, and must fail here too.
    const { principal } = await makeClients();
    const ledger = makeLedger();
    const o = { identity: principal, endorsingOrgs: DOET_D1 };
    await ledger.submitAndCommit('sample:putMany', ['item', '3'], o);
    const page = async (start: string, end: string, bookmark = '') =>
      JSON.parse(text(await ledger.evaluate('sample:pageMetadata', [start, end, '10', bookmark], o)));
    expect(await page('none', 'none~')).toEqual({ keys: [], metadata: null });
    // A page with records keeps its metadata, also when it is the last one (no bookmark).
    expect(await page('item', 'item~')).toEqual({
      keys: ['item000', 'item001', 'item002'],
      metadata: { fetchedRecordsCount: 3, bookmark: '' },
    });
  });

  it('simple-key ranges never return composite keys; partial composite keys select by prefix', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    const o = { identity: principal, endorsingOrgs: DOET_D1 };
    await ledger.submitAndCommit('sample:put', ['a', '1'], o);
    await ledger.submitAndCommit('sample:put', ['b', '2'], o);
    await ledger.submitAndCommit('sample:putIndexed', ['school', 'D1', 'S1'], o);
    await ledger.submitAndCommit('sample:putIndexed', ['school', 'D1', 'S2'], o);
    await ledger.submitAndCommit('sample:putIndexed', ['school', 'D2', 'S3'], o);
    await ledger.submitAndCommit('sample:putIndexed', ['batch', 'D1', 'B1'], o);
    expect(JSON.parse(text(await ledger.evaluate('sample:listRange', ['', ''], o)))).toEqual(['a', 'b']);
    expect(JSON.parse(text(await ledger.evaluate('sample:listIndexed', ['school', 'D1'], o)))).toEqual([
      { objectType: 'school', attributes: ['D1', 'S1'] },
      { objectType: 'school', attributes: ['D1', 'S2'] },
    ]);
    expect(JSON.parse(text(await ledger.evaluate('sample:listIndexed', ['school', ''], o)))).toHaveLength(3);
    // Fabric's encoding: U+0000, object type, U+0000, each attribute followed by U+0000.
    const block = ledger.getBlock(3);
    expect(block?.transactions[0]?.rwset.writes[0]?.key).toBe('\u0000school\u0000D1\u0000S1\u0000');
  });

  it('paginated queries are for read-only transactions, as in Fabric', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    const o = { identity: principal, endorsingOrgs: DOET_D1 };
    await expect(ledger.submit('sample:writeAndPage', ['write-first'], o)).rejects.toThrow(
      'Paginated queries are supported only in a read-only transaction',
    );
    await expect(ledger.submit('sample:writeAndPage', ['page-first'], o)).rejects.toThrow(
      'Transaction has already performed a paginated query. Writes are not allowed',
    );
    await expect(ledger.evaluate('sample:rich', [], o)).rejects.toThrow(
      'ExecuteQuery not supported for leveldb',
    );
  });

  it('history lists every value write of a key, newest first, with deletes, not policy-only writes', async () => {
    const { principal } = await makeClients();
    const clock = manualClock('2026-01-01T00:00:00.000Z');
    const ledger = makeLedger({ clock: clock.now });
    const o = { identity: principal, endorsingOrgs: DOET_D1 };
    const ids: string[] = [];
    for (const [t, fn, args] of [
      ['2026-01-01T00:00:01Z', 'sample:put', ['h', 'v1']],
      ['2026-01-01T00:00:02Z', 'sample:put', ['h', 'v2']],
      ['2026-01-01T00:00:03Z', 'sample:setPolicy', ['h', 'DoetMSP,District1MSP']],
      ['2026-01-01T00:00:04Z', 'sample:remove', ['h']],
      ['2026-01-01T00:00:05Z', 'sample:put', ['h', 'v3']],
    ] as const) {
      clock.set(t);
      ids.push((await ledger.submitAndCommit(fn, [...args], o)).txId);
    }
    const history = JSON.parse(text(await ledger.evaluate('sample:history', ['h'], o)));
    const s = (iso: string) => Date.parse(iso) / 1000;
    expect(history).toEqual([
      { txId: ids[4], value: 'v3', isDelete: false, seconds: s('2026-01-01T00:00:05Z') },
      { txId: ids[3], value: '', isDelete: true, seconds: s('2026-01-01T00:00:04Z') },
      { txId: ids[1], value: 'v2', isDelete: false, seconds: s('2026-01-01T00:00:02Z') },
      { txId: ids[0], value: 'v1', isDelete: false, seconds: s('2026-01-01T00:00:01Z') },
    ]);
  });

  it('orders keys by UTF-8 bytes, as LevelDB does', () => {
    const keys = ['b', '\u{1F600}', '\uFFFD', 'a', '\u0000x', 'ab', 'ă'];
    const byBytes = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect([...keys].sort(compareKeys)).toEqual(byBytes);
  });
});
