/**
 * The school's path through the gateway's HTTP API, timed phase by phase, as the principal's office does it:
 *
 *   lock    POST /v1/batches (the whole school, or one class) → 201, salts, leaves, tree, proofs stored;
 *   sign    GET /v1/batches/:id/signing-request?signer= (the manifest prepared for the principal's
 *           registered certificate), a detached CMS over those bytes made here with the principal's dev PKI
 *           key — what a USB token returns — and POST /v1/batches/:id/signature (verified, stored, the
 *           anchoring enqueued); or, with `dev`, POST /v1/batches/:id/dev-sign (both steps in the gateway);
 *   anchor  GET /v1/batches/:id every `pollMs` until the batch is `anchored` with its block known: the outbox
 *           worker has submitted it, the ledger committed it and the worker recorded the block.
 *
 * The ledger the gateway holds is wrapped (probeLedger) so that the anchor's own submit — endorse, order,
 * commit — is timed inside the anchor phase; the rest is the outbox's wait and its bookkeeping.
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerClient } from '@hocba/gateway/ledger';
import {
  certificateFingerprint,
  fromBase64,
  pemToDer,
  sha256,
  signCms,
  toBase64,
  toHex,
} from '@hocba/integrity';

/** A minimal JSON client of the gateway, logged in as one account. */
export class Client {
  private token = '';
  constructor(readonly base: string) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(this.token && { authorization: `Bearer ${this.token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  async ok<T>(method: string, path: string, body?: unknown, want = 200): Promise<T> {
    const r = await this.call<T>(method, path, body);
    if (r.status !== want)
      throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
    return r.body;
  }

  async login(login: string, password: string): Promise<void> {
    this.token = '';
    const r = await this.ok<{ accessToken: string }>('POST', '/v1/auth/login', { login, password });
    this.token = r.accessToken;
  }
}

/** The principal's certificate and key from the dev PKI, the key ready as a token holds it. */
export interface Principal {
  certificate: Uint8Array;
  fingerprint: string;
  key: CryptoKey;
}

export async function loadPrincipal(pkiDir: string, schoolId: string): Promise<Principal> {
  const index = JSON.parse(readFileSync(join(pkiDir, 'index.json'), 'utf8')) as {
    schools: { schoolId: string; principal: { certificate: string; privateKey: string } }[];
  };
  const files = index.schools.find((s) => s.schoolId === schoolId)?.principal;
  if (!files) throw new Error(`the dev PKI has no principal for ${schoolId}`);
  const certificate = pemToDer(readFileSync(join(pkiDir, files.certificate), 'utf8'), 'CERTIFICATE')[0]!;
  const pkcs8 = createPrivateKey(readFileSync(join(pkiDir, files.privateKey))).export({
    format: 'der',
    type: 'pkcs8',
  });
  const key = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
  ]);
  return { certificate, fingerprint: certificateFingerprint(certificate), key };
}

/** When the gateway's anchor submits started and ended (performance.now()), by batch id. */
export interface LedgerProbe {
  ledger: LedgerClient;
  anchors: Map<string, { start: number; end: number }>;
}

/** The ledger, its `batch:anchorBatch` submits timed (the manifest's batchId is the key). */
export function probeLedger(ledger: LedgerClient): LedgerProbe {
  const anchors = new Map<string, { start: number; end: number }>();
  const wrapped: LedgerClient = {
    async submit(fn, args, o) {
      if (fn !== 'batch:anchorBatch') return ledger.submit(fn, args, o);
      const batchId = (JSON.parse(args[0] ?? '{}') as { batchId?: string }).batchId ?? '?';
      const start = performance.now();
      try {
        return await ledger.submit(fn, args, o);
      } finally {
        anchors.set(batchId, { start, end: performance.now() });
      }
    },
    evaluate: (fn, args, identity) => ledger.evaluate(fn, args, identity),
    transaction: (txId) => ledger.transaction(txId),
    events: (fromBlock) => ledger.events(fromBlock),
    close: () => ledger.close(),
  };
  return { ledger: wrapped, anchors };
}

export interface PathTimes {
  batchId: string;
  leafCount: number;
  /** POST /v1/batches. */
  lockMs: number;
  /** Signing request + CMS + POST signature (or dev-sign). */
  signMs: number;
  /** Of which: the signing request (manifest prepared), the CMS made here, the signature posted. */
  sign: { requestMs: number; cmsMs: number; postMs: number };
  /** Signature accepted → batch anchored with its block, as GET /v1/batches/:id shows. */
  anchorMs: number;
  /** Of which (from the probe): waiting for the outbox worker's pass, the ledger's submit, the rest. */
  anchor: { outboxWaitMs: number; submitMs: number; afterSubmitMs: number } | null;
  totalMs: number;
  polls: number;
  txId: string;
  blockNumber: number;
}

interface BatchView {
  state: string;
  leafCount: number | null;
  anchor: { txId: string; blockNumber: number | null } | null;
  outbox: { state: string; lastErrorCode: string | null } | null;
}

export async function runPath(
  api: Client,
  o: {
    lock: { schoolId: string; schoolYear: string } | { classId: string };
    batchId: string;
    principal: Principal;
    signer: 'token' | 'dev';
    probe: LedgerProbe;
    pollMs: number;
    timeoutMs: number;
  },
): Promise<PathTimes> {
  const { batchId, principal } = o;
  const t0 = performance.now();
  const locked = await api.ok<{ batchId: string; leafCount: number }>(
    'POST',
    '/v1/batches',
    { ...o.lock, batchId },
    201,
  );
  const t1 = performance.now();
  let sign: PathTimes['sign'];
  if (o.signer === 'dev') {
    await api.ok('POST', `/v1/batches/${batchId}/dev-sign`);
    sign = { requestMs: Number.NaN, cmsMs: Number.NaN, postMs: performance.now() - t1 };
  } else {
    const req = await api.ok<{ manifestBytes: string; digest: string }>(
      'GET',
      `/v1/batches/${batchId}/signing-request?signer=${principal.fingerprint}`,
    );
    const ta = performance.now();
    const bytes = fromBase64(req.manifestBytes)!;
    // A token checks nothing, but a signer that signs other bytes than the digest names is a bench bug.
    if (toHex(sha256(bytes)) !== req.digest) throw new Error('the signing request’s digest does not match');
    const cms = await signCms({
      content: bytes,
      privateKey: principal.key,
      certificate: principal.certificate,
      signingTime: new Date(),
    });
    const tb = performance.now();
    await api.ok('POST', `/v1/batches/${batchId}/signature`, { cms: toBase64(cms) });
    sign = { requestMs: ta - t1, cmsMs: tb - ta, postMs: performance.now() - tb };
  }
  const t2 = performance.now();
  let polls = 0;
  let view: BatchView;
  for (;;) {
    view = await api.ok<BatchView>('GET', `/v1/batches/${batchId}`);
    polls++;
    if (view.state === 'anchored' && view.anchor?.blockNumber != null) break;
    if (view.outbox?.state === 'failed' || performance.now() - t2 > o.timeoutMs)
      throw new Error(`batch ${batchId} not anchored: ${JSON.stringify(view)}`);
    await new Promise((r) => setTimeout(r, o.pollMs));
  }
  const t3 = performance.now();
  const s = o.probe.anchors.get(batchId);
  return {
    batchId,
    leafCount: locked.leafCount,
    lockMs: t1 - t0,
    signMs: t2 - t1,
    sign,
    anchorMs: t3 - t2,
    anchor: s ? { outboxWaitMs: s.start - t2, submitMs: s.end - s.start, afterSubmitMs: t3 - s.end } : null,
    totalMs: t3 - t0,
    polls,
    txId: view.anchor!.txId,
    blockNumber: view.anchor!.blockNumber!,
  };
}
