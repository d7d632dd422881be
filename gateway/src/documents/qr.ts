/**
 * The lookup QR code printed on a học bạ: a link to the public lookup page of its code,
 * `<public base URL>/<lookupCode>` (the portal serves `/{lookupCode}`, plugins/external/portal.ts). Drawn as
 * vector squares with the qrcode library's matrix, so it stays sharp at any print or scan resolution.
 */
import { create } from 'qrcode';

/** The lookup page's address of a code: the canonical code (no hyphens) under the public base URL. */
export function lookupUrl(publicUrl: string, lookupCode: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/${encodeURIComponent(lookupCode)}`;
}

/** Where to draw: pdfkit's rectangle and fill calls, so the module is independent of the document type. */
export interface QrCanvas {
  rect(x: number, y: number, w: number, h: number): unknown;
  fill(color?: string): unknown;
}

/** Modules of quiet zone on each side, as the QR standard asks (ISO/IEC 18004 §6.3.8). */
export const QUIET_ZONE = 4;

/**
 * Draws `text` as a QR code (error correction M: a smudged printout still scans) in the square of side
 * `size` at (x, y), quiet zone included. Adjacent dark modules of a row are merged into one rectangle.
 */
export function drawQr(doc: QrCanvas, text: string, x: number, y: number, size: number): void {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const unit = size / (n + 2 * QUIET_ZONE);
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && modules.get(row, col)) col++;
      // A hair of overlap so that no seam shows between rows at low render resolutions.
      doc.rect(
        x + (QUIET_ZONE + start) * unit,
        y + (QUIET_ZONE + row) * unit,
        (col - start) * unit + 0.01,
        unit + 0.01,
      );
    }
  }
  doc.fill('#000000');
}
