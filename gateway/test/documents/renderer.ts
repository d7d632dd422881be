/**
 * The PDF renderer for other workspaces' tests (the CLI's): a PDF drawn from a layout the test chooses, e.g.
 * a tampered one under the original attachment and fingerprint.
 */
export { layoutBlocks } from '../../src/documents/from-layout.ts';
export type { PrintDocument } from '../../src/documents/model.ts';
export { renderPdf } from '../../src/documents/render.ts';
