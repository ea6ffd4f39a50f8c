/**
 * Where each output goes, and the guarantee that no output ever replaces an input unless
 * --in-place asked for exactly that.
 *
 * - `--out DIR`: the tree below the inputs' common base is mirrored into DIR.
 * - `--in-place`: the input's own path.
 * - neither: `name.min.ext` next to the input.
 * The extension follows the output format (`photo.png --format webp` → `photo.min.webp`).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { OutputFormat } from '../formats/index.js';
import type { OutputMode } from './compress-args.js';
import { formatFromName, outputName } from './file-names.js';
import type { InputFile } from './find-inputs.js';
import { UsageError } from './usage-error.js';

const MIN_SUFFIX = '.min';

/** The output path for `input` once its output format is known. */
export function outputPath(input: string, base: string, mode: OutputMode, format: OutputFormat): string {
  switch (mode.kind) {
    case 'in-place':
      return input;
    case 'suffix':
      return path.join(path.dirname(input), outputName(path.basename(input), format, MIN_SUFFIX));
    case 'out-dir': {
      const rel = path.relative(base, input);
      return path.join(mode.dir, path.dirname(rel), outputName(path.basename(rel), format));
    }
  }
}

/** The format an output will most likely have before the bytes are read: asked for, or as named. */
function expectedFormat(input: string, format: OutputFormat | undefined): OutputFormat | undefined {
  if (format) return format;
  const named = formatFromName(input);
  return named === 'tiff' ? 'png' : named;
}

/** Identity of a file on disk, so hard links, symlinks and case-insensitive names are caught too. */
export type FileKey = string;

export async function fileKey(file: string): Promise<FileKey | undefined> {
  try {
    const info = await stat(file);
    return `${info.dev}:${info.ino}`;
  } catch {
    return undefined; // no such file yet: nothing to compare with, which the caller expects
  }
}

/**
 * Checks, before anything is read or written, that no two inputs would be written to the same
 * output and that no output would replace an input. Returns the inputs' identities, which the
 * writer checks again right before each rename (the bytes may reveal a format the name did not).
 */
export async function checkPlannedOutputs(
  files: readonly InputFile[],
  base: string,
  mode: OutputMode,
  format: OutputFormat | undefined,
  display: (file: string) => string,
): Promise<Set<FileKey>> {
  const inputKeys = new Set<FileKey>();
  for (const file of files) {
    const key = await fileKey(file.path);
    if (key) inputKeys.add(key);
  }
  if (mode.kind === 'in-place') return inputKeys;

  const claimed = new Map<string, string>();
  for (const file of files) {
    const expected = expectedFormat(file.path, format);
    if (!expected) continue; // Named without an image extension: checked once its format is known.
    const target = outputPath(file.path, base, mode, expected);
    const other = claimed.get(target);
    if (other !== undefined) {
      throw new UsageError(`${display(other)} and ${display(file.path)} would both be written to ${display(target)}. Convert them in separate runs or to separate --out folders.`);
    }
    claimed.set(target, file.path);
    const key = await fileKey(target);
    if (key !== undefined && inputKeys.has(key)) {
      throw new UsageError(`Writing ${display(target)} would overwrite an input. Choose another --out folder, or use --in-place to replace the originals.`);
    }
  }
  return inputKeys;
}
