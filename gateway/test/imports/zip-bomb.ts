/**
 * Zip files crafted for the zip-bomb guard's tests (gateway/test/imports/zip-guard.test.ts, the console's
 * browser test): laid out by PKWARE's APPNOTE by hand, so that a part may declare any size and several
 * central entries may point at one local part (overlapping parts, a few kB expanding to 100s of MB).
 */
import { deflateRawSync } from 'node:zlib';

const MiB = 1024 * 1024;

export interface Part {
  name: string;
  /** The bytes as stored (deflated unless method 0). */
  data: Uint8Array;
  method?: 0 | 8;
  /** The uncompressed size the directory declares. */
  size: number;
  /** Point this central entry at another part's local header (overlapping parts). */
  sameDataAs?: number;
}

/** A zip laid out by APPNOTE: local headers and data, the central directory, its end record. */
export function zip(parts: Part[]): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  const offsets: number[] = [];
  let at = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    let offset = at;
    if (p.sameDataAs === undefined) {
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(p.method ?? 8, 8);
      local.writeUInt32LE(p.data.length, 18);
      local.writeUInt32LE(p.size, 22);
      local.writeUInt16LE(name.length, 26);
      chunks.push(local, name, Buffer.from(p.data));
      at += 30 + name.length + p.data.length;
    } else offset = offsets[p.sameDataAs]!;
    offsets.push(offset);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(p.method ?? 8, 10);
    c.writeUInt32LE(p.data.length, 20);
    c.writeUInt32LE(p.size, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(at, 16);
  return new Uint8Array(Buffer.concat([...chunks, dir, end]));
}

/** `n` bytes of zeros, deflated (~1000:1). */
export const zeros = (n: number) => deflateRawSync(Buffer.alloc(n));

/** Six worksheets of 20 MiB of zeros each, all one deflated kernel: ~20 kB that declares 120 MiB. */
export function overlappingBomb(): Uint8Array {
  const kernel = zeros(20 * MiB);
  return zip(
    Array.from({ length: 6 }, (_, i) => ({
      name: `xl/worksheets/sheet${i + 1}.xml`,
      data: kernel,
      size: 20 * MiB,
      ...(i > 0 && { sameDataAs: 0 }),
    })),
  );
}
