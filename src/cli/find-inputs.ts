/**
 * Turns the command line's files, folders and globs into a list of image files and the folder
 * they have in common (the base that `--out` mirrors).
 *
 * - A file named explicitly is always taken, whatever its name: the type comes from its bytes.
 * - A folder is searched recursively for files with an image extension; hidden files and folders
 *   are skipped.
 * - A glob (`'photos/**\/*.png'`, quoted so the shell leaves it alone) keeps the files it matches
 *   that have an image extension.
 * - When expanding folders and globs, the --out folder and (without --out) the `*.min.*` outputs
 *   of an earlier run are skipped, so running the same command twice does not compress outputs.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { IMAGE_EXTENSIONS, hasImageExtension, isMinifiedName } from './file-names.js';
import { UsageError } from './usage-error.js';

export interface InputFile {
  /** Absolute path. */
  readonly path: string;
  /** Named on the command line (not found by expanding a folder or glob). */
  readonly explicit: boolean;
}

export interface FoundInputs {
  readonly files: readonly InputFile[];
  /** The deepest folder that contains every input; `--out` mirrors the tree below it. */
  readonly base: string;
  /** Folders and globs that yielded no image (the run carries on with the others). */
  readonly warnings: readonly string[];
}

export interface FindOptions {
  readonly cwd: string;
  /** Absolute --out folder: never searched for inputs. */
  readonly outDir?: string;
  /** Skip `*.min.*` files found in folders and globs (the outputs of a run without --out). */
  readonly skipMinified: boolean;
}

const IMAGE_PATTERN = `**/*.{${IMAGE_EXTENSIONS.join(',')}}`;

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The folder part of a glob before its first wildcard: `photos/2024/**\/*.png` → `photos/2024`. */
function globBase(pattern: string): string {
  const parts = pattern.split('/');
  const fixed: string[] = [];
  for (const part of parts.slice(0, -1)) {
    if (isDynamicPattern(part)) break;
    fixed.push(part);
  }
  return fixed.join('/') || '.';
}

function commonBase(dirs: readonly string[]): string {
  const [first, ...rest] = dirs.map((d) => path.resolve(d).split(path.sep));
  if (!first) return path.resolve('.');
  let length = first.length;
  for (const parts of rest) {
    let i = 0;
    while (i < length && i < parts.length && parts[i] === first[i]) i++;
    length = i;
  }
  return first.slice(0, length).join(path.sep) || path.sep;
}

async function statOrUndefined(file: string): Promise<Awaited<ReturnType<typeof stat>> | undefined> {
  try {
    return await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

export async function findInputs(args: readonly string[], options: FindOptions): Promise<FoundInputs> {
  const files: InputFile[] = [];
  const seen = new Set<string>();
  const bases: string[] = [];
  const warnings: string[] = [];

  const keepFound = (found: string[]): InputFile[] =>
    found
      .filter(hasImageExtension)
      .filter((f) => !(options.outDir !== undefined && isInside(f, options.outDir)))
      .filter((f) => !(options.skipMinified && isMinifiedName(f)))
      .sort()
      .map((f) => ({ path: f, explicit: false }));

  for (const arg of args) {
    const absolute = path.resolve(options.cwd, arg);
    const info = await statOrUndefined(absolute);
    let batch: InputFile[];
    if (info?.isFile()) {
      batch = [{ path: absolute, explicit: true }];
      bases.push(path.dirname(absolute));
    } else if (info?.isDirectory()) {
      batch = keepFound(await glob(IMAGE_PATTERN, { cwd: absolute, absolute: true, onlyFiles: true, dot: false, caseSensitiveMatch: false }));
      bases.push(absolute);
      if (batch.length === 0) warnings.push(`No images found in ${arg}.`);
    } else if (info) {
      throw new UsageError(`${arg} is neither a file nor a folder.`);
    } else if (isDynamicPattern(arg)) {
      const found = await glob(arg, { cwd: options.cwd, absolute: true, onlyFiles: true, dot: false, expandDirectories: false });
      batch = keepFound(found);
      bases.push(path.resolve(options.cwd, globBase(arg)));
      if (batch.length === 0) warnings.push(`No images match ${arg}.`);
    } else {
      throw new UsageError(`No such file or folder: ${arg}`);
    }
    for (const file of batch) {
      if (seen.has(file.path)) continue;
      seen.add(file.path);
      files.push(file);
    }
  }
  return { files, base: commonBase(bases), warnings };
}
