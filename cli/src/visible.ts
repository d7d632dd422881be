/**
 * Protection against a doctored printout: the PDF prints, as text on its pages, a fingerprint of the học bạ
 * laid out from its attached bundle (records' layoutFingerprint). A reader who edits what a page shows but
 * not the attachment leaves a page whose fingerprint no longer matches the attachment's layout.
 *
 * STUB: records' layout model and layoutFingerprint have not landed yet (records/src/layout/); until they do,
 * no visible-content check is made and the result carries none.
 */
import type { Localized, Outcome } from '@hocba/integrity';

export interface VisibleCheck {
  outcome: Outcome;
  code: string;
  message: Localized;
  details?: Record<string, unknown>;
}

export function checkVisibleContent(_bundle: unknown, _pages: readonly string[]): VisibleCheck | undefined {
  return undefined;
}
