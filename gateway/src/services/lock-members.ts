/**
 * The lock's batch_members rows in COPY text format, written as bytes into a buffer (reused from chunk to
 * chunk) rather than made as strings: a member's line is mostly its proof in hex (~1 KB at 300k leaves),
 * and 300k lines of garbage on the main thread's heap would drive its GCs, held tight while a lock runs
 * (heap-growth.ts). The bytes are those of the string form, `batch \t id \t leaf \t \\x<hex proof> \n`
 * (lock-commit.ts's copyText and copyBytea).
 */
import { copyText } from './lock-commit.ts';
import type { FlatMerkleTree } from './lock-tree.ts';

/** The ASCII codes of a byte's two hex digits, at 2b and 2b + 1. */
const HEX = new Uint8Array(512);
for (let b = 0; b < 256; b++) {
  HEX[2 * b] = '0123456789abcdef'.charCodeAt(b >> 4);
  HEX[2 * b + 1] = '0123456789abcdef'.charCodeAt(b & 15);
}
const TAB = 9;
const NEWLINE = 10;
const BACKSLASH = 92;
const X = 120;

/**
 * The members of leaves `from` to `to` (exclusive) of batch `batchText` (COPY text already): `ids` in leaf
 * order. Written into `into` if it is large enough, else into a new buffer; a view of the bytes returned.
 */
export function memberRows(
  batchText: string,
  ids: readonly string[],
  from: number,
  to: number,
  tree: FlatMerkleTree,
  into?: Uint8Array,
): Uint8Array {
  const batch = Buffer.from(batchText, 'utf8');
  const idTexts = ids.slice(from, to).map(copyText);
  // Each line at most: batch, id, 16 digits of leaf index, 3 tabs, `\\x`, the proof in hex, a newline.
  let bound = 0;
  for (const id of idTexts)
    bound += batch.length + Buffer.byteLength(id, 'utf8') + 16 + 3 + 3 + 2 * tree.maxProofSize + 1;
  const out =
    into && into.length >= bound
      ? Buffer.from(into.buffer, into.byteOffset, into.length)
      : Buffer.allocUnsafeSlow(bound);
  const proof = new Uint8Array(tree.maxProofSize);
  let at = 0;
  for (let j = from; j < to; j++) {
    out.set(batch, at);
    at += batch.length;
    out[at++] = TAB;
    at += out.write(idTexts[j - from]!, at, 'utf8');
    out[at++] = TAB;
    at += out.write(String(j), at, 'latin1');
    out[at++] = TAB;
    out[at++] = BACKSLASH;
    out[at++] = BACKSLASH;
    out[at++] = X;
    const n = tree.inclusionProofInto(j, proof);
    for (let k = 0; k < n; k++) {
      const b = proof[k]!;
      out[at++] = HEX[2 * b]!;
      out[at++] = HEX[2 * b + 1]!;
    }
    out[at++] = NEWLINE;
  }
  return new Uint8Array(out.buffer, out.byteOffset, at);
}
