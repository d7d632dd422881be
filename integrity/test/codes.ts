/**
 * The code of the IntegrityError a check throws: tests assert codes, not the wording of the diagnostic
 * (English, for logs; people read verify/messages.ts). But every refusal must explain itself: a message of
 * the code alone helps nobody, so these helpers also refuse an error whose text says nothing past its code.
 */
import { type IntegrityError, type IntegrityErrorCode, isIntegrityError } from '../src/errors.ts';

function explained(e: IntegrityError): IntegrityErrorCode {
  const prefix = `${e.code}: `;
  const text = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : '';
  // At least one word of explanation after the code.
  if (!/\p{L}{2,}/u.test(text))
    throw new Error(`${e.code} thrown without an explanation: ${JSON.stringify(e.message)}`);
  return e.code;
}

/** The code `f` throws, or undefined when it returns; any other error fails the test. */
export function codeOf(f: () => unknown): IntegrityErrorCode | undefined {
  try {
    f();
  } catch (e) {
    if (isIntegrityError(e)) return explained(e);
    throw e;
  }
  return undefined;
}

/** The code `p` rejects with; success or any other error fails the test. */
export async function rejectionCode(p: Promise<unknown>): Promise<IntegrityErrorCode> {
  try {
    await p;
  } catch (e) {
    if (isIntegrityError(e)) return explained(e);
    throw e;
  }
  throw new Error('expected an IntegrityError, got success');
}

/**
 * The IntegrityError `p` rejects with (explained, as above): for the tests that must tell apart checks
 * refusing with one code, by the details, the cause or the check's own words.
 */
export async function rejection(p: Promise<unknown>): Promise<IntegrityError> {
  try {
    await p;
  } catch (e) {
    if (isIntegrityError(e)) {
      explained(e);
      return e;
    }
    throw e;
  }
  throw new Error('expected an IntegrityError, got success');
}
