/**
 * The gateway's refusal as the error summary's items: each problem the gateway names by its JSON pointer is
 * linked to the field it is about (when the form has one), in the gateway's own words; otherwise the code's
 * message. A failure with no answer (the network) is said so.
 */
import { isApiError } from '../../api/client.ts';
import type { FieldError } from '../../ui/ErrorSummary.tsx';
import { type Lang, word } from '../../words.ts';

/** Gateway codes whose message is about one field of the form: the field it links to. */
export type CodeFields = Record<string, string>;

export function refusal(
  e: unknown,
  lang: Lang,
  fields: Record<string, string> = {},
  codeFields: CodeFields = {},
): FieldError[] {
  if (!isApiError(e)) return [{ message: word('network', lang) }];
  const { code, message, problems } = e.error;
  const linked: FieldError[] = [];
  for (const p of problems ?? []) {
    const field = fields[p.path];
    // A problem's text is the schema's (often English only): the code's message is the person's words.
    if (field && !linked.some((l) => l.field === field)) linked.push({ field, message: message[lang] });
  }
  if (linked.length > 0) return linked;
  const field = codeFields[code];
  return [field ? { field, message: message[lang] } : { message: message[lang] }];
}
