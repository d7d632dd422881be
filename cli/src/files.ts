/**
 * The files a run checks: each path given, a file as is, a folder as its .pdf and .json files (sorted by
 * name; its subfolders too with --recursive).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from './errors.ts';
import { isCheckable } from './input.ts';

export interface Collected {
  files: string[];
  /** Whether any path was a folder: then the results are a table, whatever their number. */
  folder: boolean;
}

async function walk(dir: string, recursive: boolean): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const out: string[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isFile() && isCheckable(e.name)) out.push(path);
    else if (e.isDirectory() && recursive) out.push(...(await walk(path, true)));
  }
  return out;
}

export async function collect(paths: readonly string[], recursive: boolean): Promise<Collected> {
  const files: string[] = [];
  let folder = false;
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch (e) {
      throw new CliError('FILE_NOT_FOUND', p, { cause: e });
    }
    if (!isDir) {
      // A file given by name is checked whatever its extension says: loadFile names what it refuses.
      files.push(p);
      continue;
    }
    folder = true;
    const found = await walk(p, recursive);
    if (!found.length) throw new CliError('FOLDER_EMPTY', p);
    files.push(...found);
  }
  return { files, folder };
}
