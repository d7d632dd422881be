/** The code of the IntegrityError a check throws: tests assert codes, never message text. */
import { type IntegrityErrorCode, isIntegrityError } from '../src/errors.ts';

/** The code `f` throws, or undefined when it returns; any other error fails the test. */
export function codeOf(f: () => unknown): IntegrityErrorCode | undefined {
  try {
    f();
  } catch (e) {
    if (isIntegrityError(e)) return e.code;
    throw e;
  }
  return undefined;
}

/** The code `p` rejects with; success or any other error fails the test. */
export async function rejectionCode(p: Promise<unknown>): Promise<IntegrityErrorCode> {
  try {
    await p;
  } catch (e) {
    if (isIntegrityError(e)) return e.code;
    throw e;
  }
  throw new Error('expected an IntegrityError, got success');
}
