/**
 * Optional persistence for `npm start`: the blocks, one JSON document per line, appended as they are cut.
 * The world state and history are not stored; the ledger rebuilds them by replaying the blocks, as a Fabric
 * peer can rebuild its state database from its block store.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Block } from './block.ts';

export class BlockFile {
  readonly path: string;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, 'blocks.jsonl');
  }

  /**
   * Reads every stored block. A last line that does not parse is a write torn by a crash: its block was
   * never acknowledged to anyone (blocks are written before their transactions' promises resolve), so it
   * is dropped. A bad line anywhere else is damage, and is refused.
   */
  readAll(): Block[] {
    if (!existsSync(this.path)) return [];
    const text = readFileSync(this.path, 'utf8');
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    const blocks: Block[] = [];
    const kept: string[] = [];
    for (const [i, line] of lines.entries()) {
      try {
        blocks.push(JSON.parse(line) as Block);
        kept.push(line);
      } catch (e) {
        if (i === lines.length - 1) break;
        throw new Error(`${this.path}: line ${i + 1} is not a block: ${(e as Error).message}`);
      }
    }
    // Cut a torn tail away, so that the next block starts on a line of its own.
    const clean = kept.length ? `${kept.join('\n')}\n` : '';
    if (clean !== text) writeFileSync(this.path, clean);
    return blocks;
  }

  /** Synchronous, so that a block is on disk before anyone learns that it was committed. */
  append(block: Block): void {
    appendFileSync(this.path, `${JSON.stringify(block)}\n`);
  }
}
