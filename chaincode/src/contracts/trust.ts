/** Trust anchors: the root CAs whose certificates may sign batches. The Ministry registers and retires them. */
import { describeCertificate, pemToDer, utf8 } from '@hocba/integrity';
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { authorize } from '../access.ts';
import { refuse } from '../errors.ts';
import { INDEX, KEY, type TrustAnchor } from '../model.ts';
import { allByPartialKey, compositeKey, getJson, mustGet, putJson, txIso } from '../state.ts';
import { HocbaContract } from './base.ts';

@Info({ title: 'trust', description: 'Root CAs registered by the Ministry' })
export class TrustContract extends HocbaContract {
  constructor() {
    super('trust');
  }

  /** Network set-up: creates the `ministry` head key with its Ministry AND province policy. */
  @Transaction()
  @Returns('string')
  async initLedger(ctx: Context): Promise<string> {
    authorize(ctx, 'initLedger');
    if (await getJson(ctx, KEY.ministry)) refuse('ALREADY_EXISTS', 'the ledger is already initialised');
    await this.setMinistryPolicy(ctx);
    return JSON.stringify({ initialisedAt: txIso(ctx) });
  }

  @Transaction()
  @Returns('string')
  async registerTrustAnchor(ctx: Context, certificatePem: string): Promise<string> {
    authorize(ctx, 'registerTrustAnchor');
    const der = pemToDer(certificatePem, 'CERTIFICATE');
    if (der.length !== 1) refuse('INVALID_ARGUMENT', 'give exactly one PEM certificate');
    const d = describeCertificate(der[0]!);
    const existing = await getJson<TrustAnchor>(ctx, KEY.trustAnchor(d.fingerprint));
    if (existing?.status === 'active')
      refuse('ALREADY_EXISTS', `trust anchor ${d.fingerprint} is already registered`);
    const anchor: TrustAnchor = {
      fingerprint: d.fingerprint,
      subject: d.subject,
      certificatePem: certificatePem.trim(),
      status: 'active',
      registeredAt: txIso(ctx),
    };
    await putJson(ctx, KEY.trustAnchor(d.fingerprint), anchor);
    await putJson(ctx, compositeKey(ctx, INDEX.trustAnchor, [d.fingerprint]), { fingerprint: d.fingerprint });
    await this.touchMinistry(ctx);
    ctx.stub.setEvent('TrustAnchorRegistered', utf8(JSON.stringify({ fingerprint: d.fingerprint })));
    return JSON.stringify(anchor);
  }

  @Transaction()
  @Returns('string')
  async retireTrustAnchor(ctx: Context, fingerprint: string, reason: string): Promise<string> {
    authorize(ctx, 'retireTrustAnchor');
    const anchor = await mustGet<TrustAnchor>(
      ctx,
      KEY.trustAnchor(fingerprint),
      `trust anchor ${fingerprint}`,
    );
    if (anchor.status === 'retired') refuse('WRONG_STATE', 'the trust anchor is already retired');
    const retired: TrustAnchor = {
      ...anchor,
      status: 'retired',
      retiredAt: txIso(ctx),
      reason: reason.slice(0, 200),
    };
    await putJson(ctx, KEY.trustAnchor(fingerprint), retired);
    await this.touchMinistry(ctx);
    // Verification answers cached by a gateway depend on the active roots: they are dropped on this event.
    ctx.stub.setEvent('TrustAnchorRetired', utf8(JSON.stringify({ fingerprint })));
    return JSON.stringify(retired);
  }

  @Transaction(false)
  @Returns('string')
  async listTrustAnchors(ctx: Context): Promise<string> {
    authorize(ctx, 'read');
    const index = await allByPartialKey<{ fingerprint: string }>(ctx, INDEX.trustAnchor, []);
    const anchors = await Promise.all(
      index.map((i) => getJson<TrustAnchor>(ctx, KEY.trustAnchor(i.fingerprint))),
    );
    return JSON.stringify(anchors);
  }
}

/** The DER certificates of the active trust anchors, for chain building at anchoring time. */
export async function activeTrustAnchors(ctx: Context): Promise<Uint8Array[]> {
  const index = await allByPartialKey<{ fingerprint: string }>(ctx, INDEX.trustAnchor, []);
  const out: Uint8Array[] = [];
  for (const { fingerprint } of index) {
    const a = await getJson<TrustAnchor>(ctx, KEY.trustAnchor(fingerprint));
    if (a?.status === 'active') out.push(...pemToDer(a.certificatePem, 'CERTIFICATE'));
  }
  return out;
}
