/**
 * What happened to one file, for the lines, the progress bar, the summary and the --json report.
 */
import type { ErrorCode } from '../errors.js';
import type { CompressResult } from '../compress/index.js';

/**
 * Codes for failures that only a command line has (files on disk), next to the pipeline's own
 * codes. Listed in docs/cli.md.
 */
export const CLI_FILE_ERRORS = {
  READ_FAILED: 'The file could not be read.',
  WRITE_FAILED: 'The output could not be written.',
  OUTPUT_CONFLICT: 'The output would replace an input or another output.',
  FORMAT_CHANGE_IN_PLACE: '--in-place keeps each file\'s format, but this image can only be written in another format.',
} as const;

export type CliFileErrorCode = keyof typeof CLI_FILE_ERRORS;
type FileErrorCode = ErrorCode | CliFileErrorCode;

export class FileError extends Error {
  constructor(
    readonly code: CliFileErrorCode,
    detail?: string,
  ) {
    super(detail ? `${CLI_FILE_ERRORS[code]} ${detail}` : CLI_FILE_ERRORS[code]);
    this.name = 'FileError';
  }
}

export type FileOutcome =
  | {
      readonly status: 'compressed' | 'kept-original';
      readonly input: string;
      readonly output: string;
      readonly result: CompressResult;
      /** Written over the input (--in-place). */
      readonly inPlace: boolean;
      readonly ms: number;
    }
  | {
      readonly status: 'failed';
      readonly input: string;
      readonly code: FileErrorCode;
      readonly message: string;
      readonly ms: number;
    };

export interface Summary {
  readonly files: number;
  readonly compressed: number;
  readonly keptOriginal: number;
  readonly failed: number;
  /** Over the files that succeeded. */
  readonly inputBytes: number;
  readonly outputBytes: number;
  readonly savedBytes: number;
  /** 0–100 with one decimal; 0 when nothing succeeded. */
  readonly savedPercent: number;
  readonly ms: number;
  /** Automatic modes: the lowest SSIMULACRA2 score among the files that were measured. */
  readonly lowestScore?: number;
}

export function savedPercent(inputBytes: number, outputBytes: number): number {
  return inputBytes === 0 ? 0 : Math.round(((inputBytes - outputBytes) / inputBytes) * 1000) / 10;
}

export function summarize(outcomes: readonly FileOutcome[], ms: number): Summary {
  let inputBytes = 0;
  let outputBytes = 0;
  let compressed = 0;
  let keptOriginal = 0;
  let failed = 0;
  let lowestScore: number | undefined;
  for (const o of outcomes) {
    if (o.status === 'failed') {
      failed++;
      continue;
    }
    if (o.status === 'compressed') compressed++;
    else keptOriginal++;
    inputBytes += o.result.inputBytes;
    outputBytes += o.result.outputBytes;
    if (o.result.score !== undefined) lowestScore = Math.min(lowestScore ?? Infinity, o.result.score);
  }
  return {
    files: outcomes.length,
    compressed,
    keptOriginal,
    failed,
    inputBytes,
    outputBytes,
    savedBytes: inputBytes - outputBytes,
    savedPercent: savedPercent(inputBytes, outputBytes),
    ms: Math.round(ms),
    ...(lowestScore !== undefined && { lowestScore: Math.round(lowestScore * 100) / 100 }),
  };
}
