/**
 * Verify a file: a proof bundle dropped or picked is read and checked inside the page, with no request
 * about it (the registered roots were fetched, or remembered, beforehand). Without the ledger the anchor,
 * registration and status steps are "not checked", and the page says so rather than passing them. Then,
 * if the reader asks, the ledger's facts of that one record (its batch and position, nothing of its content)
 * are fetched from `GET /v1/verify/ledger/:batchId/:leafIndex` and the same bundle is verified again with
 * them: the server's facts, never a report of the server's.
 */
import type { VerificationReport } from '@hocba/integrity';
import { ApiFailure, api } from './api.ts';
import { normalizeLookupCode } from './code.ts';
import { h, mount } from './dom.ts';
import { t } from './i18n.ts';
import { recordView } from './record-view.ts';
import { reportView } from './report-view.ts';
import { signerOf } from './signer.ts';
import { type LedgerFacts, loadTrustAnchors, verifyOffline, verifyOnline } from './verify.ts';

/** Where the bundle says its record sits: the batch (manifest) and the leaf (inclusion proof). */
function placeOf(bundle: unknown): { batchId: string; leafIndex: number } | undefined {
  const b = bundle as { manifest?: { batchId?: unknown }; inclusion?: { leafIndex?: unknown } } | null;
  const batchId = b?.manifest?.batchId;
  const leafIndex = b?.inclusion?.leafIndex;
  return typeof batchId === 'string' && Number.isInteger(leafIndex) && (leafIndex as number) >= 0
    ? { batchId, leafIndex: leafIndex as number }
    : undefined;
}

/** A PDF by its first bytes ("%PDF-"), whatever its name says. */
const isPdf = (b: Uint8Array) => b.length >= 5 && new TextDecoder().decode(b.subarray(0, 5)) === '%PDF-';

/** The last file's content, checked again when the page is rebuilt in the other language. */
let lastFile: File | undefined;

export function filePage(): HTMLElement {
  const out = h('div', { class: 'result', tabindex: -1, 'aria-live': 'polite' });
  const error = h('p', { class: 'error', role: 'alert' });
  const anchorsNote = h('p', { class: 'note' });
  // Fetched as the page opens, so that the check itself needs no network.
  const anchors = loadTrustAnchors().then((a) => {
    if (!a) anchorsNote.textContent = t('noAnchors');
    return a ?? [];
  });

  const check = async (file: File) => {
    lastFile = file;
    error.textContent = '';
    out.replaceChildren();
    const bytes = new Uint8Array(await file.arrayBuffer());
    let text: string;
    let printed: string[] | undefined;
    let pdf: typeof import('./pdf-file.ts') | undefined;
    if (isPdf(bytes)) {
      // pdfjs-dist and its worker load now, not with the page.
      pdf = await import('./pdf-file.ts');
      const read = await pdf.readPdf(bytes);
      if (lastFile !== file) return;
      if (!read.ok) {
        error.textContent = pdf.pdfWord(
          read.reason === 'no-attachment' ? 'pdfNoAttachment' : 'pdfUnreadable',
        );
        return;
      }
      text = read.bundleText;
      printed = read.printed;
    } else {
      text = new TextDecoder().decode(bytes);
    }
    let bundle: unknown;
    try {
      bundle = JSON.parse(text);
    } catch {
      error.textContent = pdf ? pdf.pdfWord('pdfAttachmentNotJson') : t('fileNotJson');
      return;
    }
    const visible = pdf && printed ? pdf.visibleCheck.bind(null, bundle, printed) : undefined;
    show(bundle, await verifyOffline(bundle, await anchors), false, visible);
  };

  /**
   * The report (offline, or with the ledger's facts), the online button while offline, and the record;
   * `visible`, for a PDF, its printed pages checked against its attachment (pdf-file.ts, loaded with it).
   */
  const show = (
    bundle: unknown,
    report: VerificationReport,
    online: boolean,
    visible?: () => HTMLElement,
  ) => {
    const d = (bundle as { disclosure?: { fields?: unknown; hidden?: unknown } } | null)?.disclosure;
    const fields = Array.isArray(d?.fields)
      ? (d.fields as { pointer: string; value: unknown }[]).filter((f) => typeof f?.pointer === 'string')
      : [];
    // A file says how things stood when it was made; its code's page shows the current version (a later
    // correction, with its date and decision, or a revocation). Only a link: nothing is sent unless followed.
    const stated = fields.find((f) => f.pointer === '/lookupCode')?.value;
    const code = typeof stated === 'string' ? normalizeLookupCode(stated) : undefined;
    const signer = signerOf(bundle);
    const place = placeOf(bundle);
    const onlineError = h('p', { class: 'error', role: 'alert' });
    const checkOnline = async (button: HTMLButtonElement) => {
      button.disabled = true;
      onlineError.textContent = '';
      try {
        const { ledger } = await api<{ ledger: LedgerFacts }>(
          `/v1/verify/ledger/${encodeURIComponent(place!.batchId)}/${place!.leafIndex}`,
        );
        show(bundle, await verifyOnline(bundle, ledger), true, visible);
      } catch (e) {
        button.disabled = false;
        const code = e instanceof ApiFailure ? e.code : 'NETWORK';
        onlineError.textContent = t(
          code === 'BATCH_NOT_FOUND'
            ? 'onlineNotFound'
            : code === 'RATE_LIMITED'
              ? 'rateLimited'
              : 'networkError',
        );
      }
    };
    const onlineBox =
      !online && place && report.steps[0]?.outcome !== 'fail'
        ? h(
            'div',
            { class: 'card online-check' },
            h('p', null, t('onlineIntro')),
            h(
              'button',
              {
                type: 'button',
                onclick: ((e: Event) =>
                  void checkOnline(e.currentTarget as HTMLButtonElement)) as EventListener,
              },
              t('onlineCheck'),
            ),
            onlineError,
          )
        : null;
    mount(
      out,
      reportView(report, {
        offline: !online,
        signer,
        action: online ? h('p', { class: 'note', 'data-testid': 'online-done' }, t('onlineDone')) : onlineBox,
      }),
      visible ? visible() : null,
      code?.ok
        ? h(
            'p',
            { class: 'note' },
            t('fileCurrentIntro'),
            ' ',
            h('a', { href: `/${code.code}` }, t('fileCurrentLink')),
          )
        : null,
      fields.length
        ? recordView(
            fields,
            Array.isArray(d?.hidden) ? d.hidden.length : 0,
            report.steps[0]?.outcome === 'fail',
            { report, signer },
          )
        : null,
    );
    out.focus();
  };

  const input = h('input', {
    type: 'file',
    id: 'bundle-file',
    accept: '.json,application/json,.pdf,application/pdf',
    class: 'visually-hidden',
  });
  input.addEventListener('change', () => {
    const f = input.files?.[0];
    if (f) void check(f);
  });
  const zone = h(
    'div',
    { class: 'dropzone', 'data-testid': 'dropzone' },
    h('p', null, t('fileDrop')),
    input,
    h('label', { for: 'bundle-file', class: 'button' }, t('filePick')),
  );
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const f = e.dataTransfer?.files[0];
    if (f) void check(f);
  });
  const page = h(
    'div',
    null,
    h('p', { class: 'intro' }, t('fileIntro')),
    h('div', { class: 'card' }, zone, anchorsNote, error),
    out,
  );
  if (lastFile) void check(lastFile);
  return page;
}
