/**
 * One file through the pipeline: read (never more than the size limit allows), compress, write
 * atomically. Every failure becomes a `failed` outcome with a code; nothing here throws, so one
 * bad file never stops the batch.
 */
import { mkdir, open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isCompressorError, toCompressorError } from '../errors.js';
import type { Pipeline } from '../compress/index.js';
import type { CompressOptions } from '../pipeline/options.js';
import { writeFileAtomic, type TempFiles } from './atomic-write.js';
import type { OutputMode } from './compress-args.js';
import { FileError, type FileOutcome } from './file-outcome.js';
import type { InputFile } from './find-inputs.js';
import { fileKey, outputPath, type FileKey } from './output-paths.js';
import type { Display } from './report-text.js';

export interface BatchContext {
  readonly pipeline: Pipeline;
  readonly options: CompressOptions;
  readonly base: string;
  readonly mode: OutputMode;
  /** Identities of every input: no output may be renamed over one of them (except in place). */
  readonly inputKeys: ReadonlySet<FileKey>;
  /** Outputs already written in this run, by target path → input path. */
  readonly claimed: Map<string, string>;
  readonly temps: TempFiles;
  readonly display: Display;
}

/**
 * Reads at most `limit + 1` bytes: enough for the pipeline to recognise an over-size file and
 * answer FILE_TOO_LARGE itself, without ever holding a huge file in memory.
 */
async function readBounded(file: string, limit: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(size, limit + 1));
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

function failure(input: string, error: unknown, ms: number): FileOutcome {
  if (error instanceof FileError) return { status: 'failed', input, code: error.code, message: error.message, ms };
  const e = toCompressorError(error);
  // On one's own machine the internal cause helps and exposes nothing to anyone else.
  const cause = e.code === 'INTERNAL' && e.cause instanceof Error ? ` (${e.cause.message})` : '';
  return { status: 'failed', input, code: e.code, message: `${e.message}${cause}`, ms };
}

async function io<T>(code: 'READ_FAILED' | 'WRITE_FAILED', action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof FileError || isCompressorError(error)) throw error;
    throw new FileError(code, error instanceof Error ? error.message : String(error));
  }
}

export async function compressFile(file: InputFile, context: BatchContext): Promise<FileOutcome> {
  const start = performance.now();
  const inPlace = context.mode.kind === 'in-place';
  try {
    const bytes = await io('READ_FAILED', () => readBounded(file.path, context.pipeline.limits.maxInputBytes));
    const result = await context.pipeline.compress(bytes, context.options);

    if (inPlace && result.format !== result.inputFormat) {
      throw new FileError('FORMAT_CHANGE_IN_PLACE', `It would become ${result.format}; use --out DIR to convert it.`);
    }
    // In place, a symlink's target is rewritten, not replaced by a regular file.
    const target = inPlace ? await io('READ_FAILED', () => realpath(file.path)) : path.resolve(outputPath(file.path, context.base, context.mode, result.format));
    const earlier = context.claimed.get(target);
    if (earlier !== undefined) throw new FileError('OUTPUT_CONFLICT', `${context.display(target)} is already the output of ${context.display(earlier)}.`);
    context.claimed.set(target, file.path);

    const status = result.keptOriginal ? 'kept-original' : 'compressed';
    // In place and nothing smaller: the file is already what we would write; leave it untouched.
    if (!(inPlace && result.keptOriginal)) {
      const mode = inPlace ? (await io('READ_FAILED', () => stat(target))).mode : undefined;
      await io('WRITE_FAILED', async () => {
        await mkdir(path.dirname(target), { recursive: true });
        await writeFileAtomic(target, result.data, {
          temps: context.temps,
          mode,
          beforeRename: async () => {
            if (inPlace) return;
            const key = await fileKey(target);
            if (key !== undefined && context.inputKeys.has(key)) throw new FileError('OUTPUT_CONFLICT', `${context.display(target)} is an input.`);
          },
        });
      });
    }
    return { status, input: file.path, output: target, result, inPlace, ms: performance.now() - start };
  } catch (error) {
    return failure(file.path, error, performance.now() - start);
  }
}
