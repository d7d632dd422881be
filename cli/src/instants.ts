/**
 * Integrity's messages carry their facts as recorded: instants in ISO 8601 UTC ("ký lúc
 * 2026-05-20T02:59:30.000Z"). A reader in Vietnam reads dd/mm/yyyy HH:mm in Asia/Ho_Chi_Minh, records'
 * layout formatter (instantText); the report's facts keep the ISO form for machines.
 */
import type { Localized } from '@hocba/integrity';
import { instantText } from '@hocba/records';

/** An ISO 8601 instant with a time zone: a date and time ending in Z or an offset. */
const INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/g;

/** The text with every instant as dd/mm/yyyy HH:mm (Vietnam); one that does not parse is left as it is. */
export const withLocalInstants = (text: string): string =>
  text.replace(INSTANT, (iso) => instantText(iso)?.vi ?? iso);

export const localizeInstants = (m: Localized): Localized => ({
  vi: withLocalInstants(m.vi),
  en: withLocalInstants(m.en),
});
