/**
 * The workflow's sign-offs on this version (review, each subject group's confirmation, approval) with their
 * times to the minute, in the order they were done; the học bạ's blocks below show the same steps by day.
 */
import { instantText } from '@hocba/records';
import type { Lang } from '../../words.ts';
import { subjectText } from './common.ts';
import { rw } from './words.ts';

interface SignOff {
  role: string;
  subject: string | null;
  signedAt: string;
}

function what(s: SignOff, lang: Lang): string | undefined {
  if (s.role === 'homeroomTeacher' && s.subject === null) return rw('stepReview', lang);
  if (s.role === 'subjectGroup' && s.subject)
    return rw('stepConfirm', lang, { subject: subjectText(s.subject, lang) });
  if (s.role === 'principal' && s.subject === null) return rw('stepApprove', lang);
  // Entries (each subject's teacher) are the step before; the class list says what is entered.
  return undefined;
}

export function StepsDone({ signatures, lang }: { signatures: readonly SignOff[]; lang: Lang }) {
  const done = signatures.flatMap((s) => {
    const text = what(s, lang);
    return text ? [{ text, at: instantText(s.signedAt)?.[lang] }] : [];
  });
  return (
    <section aria-labelledby="steps-title" className="review-steps">
      <h3 id="steps-title">{rw('stepsTitle', lang)}</h3>
      {done.length === 0 ? (
        <p>{rw('noSteps', lang)}</p>
      ) : (
        <ul data-testid="steps-done">
          {done.map((d, i) => (
            // The same step can appear twice only for two subjects: the index keeps keys apart.
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is rebuilt whole from the answer
            <li key={i}>
              {d.text}
              {d.at && ` ${rw('stepAt', lang, { at: d.at })}`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
