import './env.ts';
import { describe, expect, it } from 'vitest';
import { EndorseError } from '../src/index.ts';
import { DOET_D1, makeClients, makeLedger, manualClock, text } from './helpers.ts';

describe('dispatch through fabric-contract-api', () => {
  it('passes arguments to the contract and returns its result', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    const put = await ledger.submit('sample:put', ['greeting', 'xin chào'], {
      identity: principal,
      endorsingOrgs: DOET_D1,
    });
    expect(put.validationCode).toBe('VALID');
    expect(put.blockNumber).toBe(1);
    expect(text(await ledger.evaluate('sample:get', ['greeting'], { identity: principal }))).toBe('xin chào');
    const inc = await ledger.submit('sample:increment', ['n'], {
      identity: principal,
      endorsingOrgs: DOET_D1,
    });
    expect(text(inc.result)).toBe('1');
  });

  it('hands the client identity, its MSP and its Fabric CA attributes to the contract', async () => {
    const { principal, officer } = await makeClients();
    const ledger = makeLedger();
    const me = JSON.parse(text(await ledger.evaluate('sample:whoami', [], { identity: principal })));
    expect(me).toEqual({
      mspId: 'DoetMSP',
      role: 'principal',
      school: 'S1',
      missing: null,
      enrollmentId: 'principal1',
      id: 'x509::/CN=principal1/OU=client/O=DoetMSP::/CN=ca.doetmsp/O=DoetMSP',
    });
    const other = JSON.parse(text(await ledger.evaluate('sample:whoami', [], { identity: officer })));
    expect(other).toMatchObject({ mspId: 'District1MSP', role: 'districtOfficer', school: null });
  });

  it('takes the transaction timestamp from the clock, or from the proposal', async () => {
    const { principal } = await makeClients();
    const clock = manualClock('2026-06-30T16:59:59.250Z');
    const ledger = makeLedger({ clock: clock.now });
    const info = JSON.parse(text(await ledger.evaluate('sample:txInfo', [], { identity: principal })));
    expect(info).toMatchObject({
      channel: 'hocba',
      date: '2026-06-30T16:59:59.250Z',
      seconds: Date.parse('2026-06-30T16:59:59Z') / 1000,
      nanos: 250_000_000,
      args: ['sample:txInfo'],
    });
    expect(info.txId).toMatch(/^[0-9a-f]{64}$/);

    clock.set('2026-07-10T00:00:00.000Z');
    const later = await ledger.submit('sample:txInfo', [], { identity: principal, endorsingOrgs: DOET_D1 });
    expect(JSON.parse(text(later.result)).date).toBe('2026-07-10T00:00:00.000Z');
    expect(ledger.getBlock(later.blockNumber)?.transactions[0]?.timestamp).toBe('2026-07-10T00:00:00.000Z');

    const txTime = new Date('2025-01-01T00:00:00.000Z');
    const pinned = await ledger.evaluate('sample:txInfo', [], { identity: principal, txTime });
    expect(JSON.parse(text(pinned)).date).toBe(txTime.toISOString());
  });

  it('gives the contract the transient data, which no block stores', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    const transient = { secret: new TextEncoder().encode('salt-123') };
    const r = await ledger.submit('sample:txInfo', [], {
      identity: principal,
      endorsingOrgs: DOET_D1,
      transient,
    });
    expect(JSON.parse(text(r.result)).secret).toBe('salt-123');
    expect(JSON.stringify(ledger.getBlock(r.blockNumber))).not.toContain(
      Buffer.from('salt-123').toString('base64'),
    );
  });

  it('parses the leading code of a chaincode error into EndorseError.code, and orders nothing', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    const err = await ledger
      .submit('sample:fail', ['WINDOW_CLOSED', 'the lock window closed on 30/6'], {
        identity: principal,
        endorsingOrgs: DOET_D1,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndorseError);
    expect(err).toMatchObject({
      name: 'EndorseError',
      code: 'WINDOW_CLOSED',
      message: 'WINDOW_CLOSED: the lock window closed on 30/6',
      status: 500,
    });
    expect((err as EndorseError).txId).toMatch(/^[0-9a-f]{64}$/);
    await expect(
      ledger.evaluate('sample:fail', ['NOT_FOUND', 'no such batch'], { identity: principal }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(ledger.height).toBe(1);
  });

  it('refuses unknown functions and wrong argument counts as fabric-contract-api does', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    await expect(ledger.evaluate('sample:nope', [], { identity: principal })).rejects.toThrow(
      "You've asked to invoke a function that does not exist: sample:nope",
    );
    await expect(ledger.evaluate('sample:get', [], { identity: principal })).rejects.toThrow(
      'Expected 1 parameters, but 0 have been supplied',
    );
    await expect(ledger.evaluate('nocontract:get', ['a'], { identity: principal })).rejects.toThrow(
      'Contract name is not known: nocontract',
    );
  });

  it('evaluate changes neither the state nor the height', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    await ledger.submit('sample:put', ['k', 'v1'], { identity: principal, endorsingOrgs: DOET_D1 });
    const height = ledger.height;
    expect(text(await ledger.evaluate('sample:putThenGet', ['k', 'v2'], { identity: principal }))).toBe('v1');
    await new Promise((r) => setTimeout(r, 20));
    expect(ledger.height).toBe(height);
    expect(text(await ledger.evaluate('sample:get', ['k'], { identity: principal }))).toBe('v1');
  });

  it('each endorsing peer simulates; results that differ between peers are refused', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    expect(text(await ledger.evaluate('sample:peerMsp', [], { identity: principal }))).toBe('DoetMSP');
    expect(
      text(
        await ledger.evaluate('sample:peerMsp', [], { identity: principal, endorsingOrg: 'District2MSP' }),
      ),
    ).toBe('District2MSP');
    await expect(
      ledger.submit('sample:peerMsp', [], { identity: principal, endorsingOrgs: DOET_D1 }),
    ).rejects.toThrow('ProposalResponsePayloads do not match');
    const one = await ledger.submit('sample:peerMsp', [], {
      identity: principal,
      endorsingOrgs: ['DoetMSP'],
    });
    expect(text(one.result)).toBe('DoetMSP');
  });
});
