import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The shared test corpus, next to the project (see ../shared/corpus/README.md). */
const CORPUS = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));

export function corpusPath(...parts: string[]): string {
  return path.join(CORPUS, ...parts);
}

export function readCorpus(...parts: string[]): Buffer {
  return readFileSync(corpusPath(...parts));
}

export const KODAK = readdirSync(corpusPath('kodak'))
  .filter((f) => f.endsWith('.png'))
  .sort();

const pngsuite = readdirSync(corpusPath('pngsuite')).filter((f) => f.endsWith('.png'));
/** PngSuite files that are valid images. */
export const PNGSUITE_VALID = pngsuite.filter((f) => !f.startsWith('x')).sort();
/** PngSuite files that are deliberately broken (bad signature, CRC, chunks, colour type…). */
export const PNGSUITE_BROKEN = pngsuite.filter((f) => f.startsWith('x')).sort();
