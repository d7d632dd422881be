/**
 * The zip-bomb guard of uploaded workbooks. An .xlsx is a zip, and exceljs inflates every part of it into
 * memory: a 10 MB upload can expand to gigabytes (deflate reaches ~1000:1, and overlapping entries multiply
 * it). Before exceljs sees the file, its central directory is read (PKWARE APPNOTE 6.3.x §4.3.12–16, ZIP64
 * included) and the file refused with IMPORT_FILE_TOO_LARGE when its entries are too many, its declared
 * uncompressed total too large, or a large part compresses at a ratio no worksheet reaches. Declared sizes
 * can lie (jszip checks them only after inflating everything), so each deflated part is then inflated with
 * its declared size as a hard cap — in zlib's thread pool, off the event loop — and a part that would grow
 * past it is refused too.
 *
 * The limits are environment settings (README): IMPORT_MAX_UNCOMPRESSED_MB, IMPORT_MAX_ZIP_ENTRIES,
 * IMPORT_MAX_ZIP_RATIO.
 */
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import { integerSetting } from '../int-setting.ts';
import { ServiceError } from '../services/errors.ts';

export interface ZipLimits {
  /** The most bytes all parts may expand to together. */
  maxUncompressedBytes: number;
  maxEntries: number;
  /** The highest uncompressed/compressed ratio of a part larger than RATIO_FLOOR. */
  maxRatio: number;
}

/** Below this a part's ratio does not matter (a few repeated XML lines compress at any ratio). */
export const RATIO_FLOOR = 1024 * 1024;

/**
 * Defaults: 100 MB expanded (a school of 2,000 pupils' class list expands to a few MB), 1,000 parts (a
 * workbook has a dozen plus one or two per sheet), ratio 200 (worksheets compress 5–50×; bombs ~1000×).
 */
export function zipLimits(): ZipLimits {
  return {
    maxUncompressedBytes: integerSetting('IMPORT_MAX_UNCOMPRESSED_MB', 100, 1, 4096) * 1024 * 1024,
    maxEntries: integerSetting('IMPORT_MAX_ZIP_ENTRIES', 1000, 1, 1_000_000),
    maxRatio: integerSetting('IMPORT_MAX_ZIP_RATIO', 200, 2, 100_000),
  };
}

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const invalid = (why: string) => new ServiceError('IMPORT_FILE_INVALID', `not a readable zip: ${why}`);
const tooLarge = (why: string, details: Record<string, unknown>) =>
  new ServiceError('IMPORT_FILE_TOO_LARGE', why, details);

const SIG = {
  eocd: 0x06054b50,
  eocd64: 0x06064b50,
  locator64: 0x07064b50,
  central: 0x02014b50,
  local: 0x04034b50,
};
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;

/** A little-endian reader that refuses to read past the end (a truncated file is invalid, not a crash). */
class Reader {
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private at(offset: number, size: number): number {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + size > this.bytes.length)
      throw invalid('a structure runs past the end of the file');
    return offset;
  }
  u16 = (o: number) => this.view.getUint16(this.at(o, 2), true);
  u32 = (o: number) => this.view.getUint32(this.at(o, 4), true);
  u64 = (o: number) => Number(this.view.getBigUint64(this.at(o, 8), true));
  slice = (o: number, n: number) => this.bytes.subarray(this.at(o, n), o + n);
}

/** The end of central directory record's offset: the last signature within the comment's reach. */
function findEnd(r: Reader): number {
  const n = r.bytes.length;
  for (let o = n - 22; o >= Math.max(0, n - 22 - MAX16); o--) if (r.u32(o) === SIG.eocd) return o;
  throw invalid('no end of central directory');
}

/** The central directory's entry count and offset, from the ZIP64 record when the classic one is full. */
function directory(r: Reader): { count: number; offset: number } {
  const end = findEnd(r);
  let count = r.u16(end + 10);
  let offset = r.u32(end + 16);
  if ((count === MAX16 || offset === MAX32) && end >= 20 && r.u32(end - 20) === SIG.locator64) {
    const z = r.u64(end - 20 + 8);
    if (r.u32(z) !== SIG.eocd64) throw invalid('a ZIP64 locator points at nothing');
    count = r.u64(z + 32);
    offset = r.u64(z + 48);
  }
  return { count, offset };
}

/** The entries listed in the central directory, reading no further than `maxEntries` + 1. */
function entries(r: Reader, count: number, offset: number, maxEntries: number): Entry[] {
  const out: Entry[] = [];
  let o = offset;
  for (let i = 0; i < Math.min(count, maxEntries + 1); i++) {
    if (r.u32(o) !== SIG.central) throw invalid('a central directory entry is missing');
    const nameLength = r.u16(o + 28);
    const extraLength = r.u16(o + 30);
    const e: Entry = {
      name: new TextDecoder().decode(r.slice(o + 46, nameLength)),
      method: r.u16(o + 10),
      compressedSize: r.u32(o + 20),
      uncompressedSize: r.u32(o + 24),
      localHeaderOffset: r.u32(o + 42),
    };
    zip64Sizes(r, o + 46 + nameLength, extraLength, e);
    out.push(e);
    o += 46 + nameLength + extraLength + r.u16(o + 32);
  }
  return out;
}

/** Sizes and offset too large for 32 bits are in the ZIP64 extra field (id 1), in this order, when full. */
function zip64Sizes(r: Reader, start: number, length: number, e: Entry): void {
  const full = (k: 'uncompressedSize' | 'compressedSize' | 'localHeaderOffset') => e[k] === MAX32;
  if (!full('uncompressedSize') && !full('compressedSize') && !full('localHeaderOffset')) return;
  for (let o = start; o + 4 <= start + length; o += 4 + r.u16(o + 2)) {
    if (r.u16(o) !== 1) continue;
    let at = o + 4;
    for (const k of ['uncompressedSize', 'compressedSize', 'localHeaderOffset'] as const) {
      if (full(k)) {
        e[k] = r.u64(at);
        at += 8;
      }
    }
    return;
  }
  throw invalid(`the ZIP64 sizes of ${e.name} are missing`);
}

/** A part's compressed bytes: after its local header, whose name and extra field lengths are its own. */
function compressedData(r: Reader, e: Entry): Uint8Array {
  const o = e.localHeaderOffset;
  if (r.u32(o) !== SIG.local) throw invalid(`the local header of ${e.name} is missing`);
  return r.slice(o + 30 + r.u16(o + 26) + r.u16(o + 28), e.compressedSize);
}

const inflate = promisify(inflateRaw) as (
  data: Uint8Array,
  o: { maxOutputLength: number },
) => Promise<Buffer>;

/**
 * Refuses a zip that would expand past `limits` (IMPORT_FILE_TOO_LARGE, its details say which limit) or
 * whose structure cannot be read (IMPORT_FILE_INVALID); resolves when exceljs may read it.
 */
export async function guardZip(bytes: Uint8Array, limits: ZipLimits = zipLimits()): Promise<void> {
  const r = new Reader(bytes);
  const { count, offset } = directory(r);
  if (count > limits.maxEntries)
    throw tooLarge(`${count} parts`, { limit: 'entries', entries: count, max: limits.maxEntries });
  const list = entries(r, count, offset, limits.maxEntries);
  const total = list.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (total > limits.maxUncompressedBytes)
    throw tooLarge(`${total} bytes uncompressed`, {
      limit: 'uncompressed',
      bytes: total,
      max: limits.maxUncompressedBytes,
    });
  for (const e of list) {
    const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
    if (e.uncompressedSize > RATIO_FLOOR && ratio > limits.maxRatio)
      throw tooLarge(`${e.name} expands ${Math.round(ratio)}×`, {
        limit: 'ratio',
        ratio: Math.round(ratio),
        max: limits.maxRatio,
      });
  }
  // One part at a time: the memory held is the largest part's, within the limit just checked.
  for (const e of list) {
    const data = compressedData(r, e);
    if (e.method === 0) {
      if (e.compressedSize !== e.uncompressedSize) throw invalid(`${e.name} is stored with two sizes`);
      continue;
    }
    if (e.method !== 8) throw invalid(`${e.name} uses compression method ${e.method}`);
    try {
      await inflate(data, { maxOutputLength: Math.max(1, e.uncompressedSize) });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw tooLarge(`${e.name} expands past its declared ${e.uncompressedSize} bytes`, {
          limit: 'declared',
          declared: e.uncompressedSize,
        });
      throw invalid(`${e.name} does not inflate`);
    }
  }
}
