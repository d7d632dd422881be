/** The gateway's refusals as the error summary lists them, in the page's language. */
import { apiMessage, isApiError } from '../../api/client.ts';
import type { FieldError } from '../../ui/ErrorSummary.tsx';
import { type Lang, word } from '../../words.ts';

/** A gateway problem's message ("vi / en") in one language. */
export function problemText(message: string, lang: Lang): string {
  const [vi, en] = message.split(' / ');
  return (lang === 'en' ? en : vi) ?? message;
}

/** The gateway's refusal as summary items: each problem of the record, or its one message. */
export function refusalItems(error: unknown, lang: Lang): FieldError[] {
  const problems = isApiError(error) ? (error.error.problems ?? []) : [];
  if (problems.length > 0) return problems.map((p) => ({ message: problemText(p.message, lang) }));
  return [{ message: apiMessage(error, lang) ?? word('network', lang) }];
}
