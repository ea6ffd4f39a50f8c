import { zipSync, type Zippable } from 'fflate';
import { uniqueNames } from './filenames.js';

export interface ZipEntry {
  readonly name: string;
  readonly blob: Blob;
}

/**
 * Packs the results into one ZIP in the browser: the server keeps nothing (P5), so it could not
 * build one. Images are already compressed, so entries are stored, not deflated again, which
 * makes the synchronous form fast; fflate's asynchronous form would start workers from blob: URLs,
 * which our Content-Security-Policy (rightly) forbids.
 */
export async function buildZip(entries: readonly ZipEntry[]): Promise<Blob> {
  const names = uniqueNames(entries.map((e) => e.name));
  const files: Zippable = {};
  const contents = await Promise.all(entries.map(async (e) => new Uint8Array(await e.blob.arrayBuffer())));
  contents.forEach((bytes, i) => {
    files[names[i]!] = [bytes, { level: 0 }];
  });
  const bytes = zipSync(files, { level: 0 });
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
}
