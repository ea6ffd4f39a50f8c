/**
 * The words the CLI prints: one line per file, one per failure, the summary, and the --json
 * report. Kept apart from the streams so the formats are easy to read and to test.
 */
import type { CompressResult } from '../compress/index.js';
import type { FileOutcome, Summary } from './file-outcome.js';
import { savedPercent } from './file-outcome.js';
import { formatDecimalBytes } from '../shared/units.js';
import { formatChange, formatDuration } from './units.js';
import { scoreWords } from '../shared/score-words.js';

export type Display = (file: string) => string;

/** `photos/a.png -> out/a.webp  1.20 MB -> 310.2 kB  -74.1%` (stdout, one per file). */
export function fileLine(outcome: FileOutcome, display: Display): string {
  if (outcome.status === 'failed') return failureLine(outcome, display);
  const { result } = outcome;
  const where = outcome.inPlace ? `${display(outcome.input)} (in place)` : `${display(outcome.input)} -> ${display(outcome.output)}`;
  if (outcome.status === 'kept-original') {
    return `${where}  ${formatDecimalBytes(result.inputBytes)}  kept: the original is already smaller than any re-encoding`;
  }
  const change = formatChange(savedPercent(result.inputBytes, result.outputBytes));
  return `${where}  ${formatDecimalBytes(result.inputBytes)} -> ${formatDecimalBytes(result.outputBytes)}  ${change}${scoreText(result)}`;
}

/** Automatic modes: `  quality 86, score 80.4 (very high)`; nothing when nothing was measured. */
function scoreText(result: { readonly score?: number; readonly quality: number | undefined }): string {
  if (result.score === undefined) return '';
  const quality = result.quality === undefined ? 'lossless' : `quality ${result.quality}`;
  return `  ${quality}, score ${result.score.toFixed(1)} (${scoreWords(result.score)})`;
}

/** `FAILED photos/x.png: CORRUPT_IMAGE: The image is damaged…` (stderr). */
export function failureLine(outcome: Extract<FileOutcome, { status: 'failed' }>, display: Display): string {
  return `FAILED ${display(outcome.input)}: ${outcome.code}: ${outcome.message}`;
}

export function summaryLine(summary: Summary): string {
  const parts = [`${summary.files} ${summary.files === 1 ? 'file' : 'files'}`];
  if (summary.compressed > 0) parts.push(`${summary.compressed} compressed`);
  if (summary.keptOriginal > 0) parts.push(`${summary.keptOriginal} kept as they were`);
  if (summary.failed > 0) parts.push(`${summary.failed} failed`);
  const sizes =
    summary.files > summary.failed
      ? `${formatDecimalBytes(summary.inputBytes)} -> ${formatDecimalBytes(summary.outputBytes)} (${formatChange(summary.savedPercent)}, ${formatDecimalBytes(Math.abs(summary.savedBytes))} ${summary.savedBytes >= 0 ? 'saved' : 'added'})`
      : 'nothing written';
  const scores = summary.lowestScore === undefined ? '' : ` Lowest score ${summary.lowestScore.toFixed(1)} (${scoreWords(summary.lowestScore)}).`;
  return `${parts.join(', ')}. ${sizes} in ${formatDuration(summary.ms)}.${scores}`;
}

interface JsonFileReport {
  readonly input: string;
  readonly status: FileOutcome['status'];
  readonly output?: string;
  readonly inputFormat?: string;
  readonly format?: string;
  readonly inputBytes?: number;
  readonly outputBytes?: number;
  readonly savedBytes?: number;
  readonly savedPercent?: number;
  readonly width?: number;
  readonly height?: number;
  readonly quality?: number | null;
  readonly lossless?: boolean;
  /** Automatic modes: the measured SSIMULACRA2 score, the target aimed at, and every format tried. */
  readonly score?: number;
  readonly target?: number;
  readonly candidates?: CompressResult['candidates'];
  readonly error?: { readonly code: string; readonly message: string };
  readonly ms: number;
}

export interface JsonReport {
  readonly version: string;
  readonly ok: boolean;
  readonly files: readonly JsonFileReport[];
  readonly summary: Summary;
}

function jsonFile(outcome: FileOutcome, display: Display): JsonFileReport {
  const ms = Math.round(outcome.ms);
  if (outcome.status === 'failed') {
    return { input: display(outcome.input), status: 'failed', error: { code: outcome.code, message: outcome.message }, ms };
  }
  const r = outcome.result;
  return {
    input: display(outcome.input),
    status: outcome.status,
    output: display(outcome.output),
    inputFormat: r.inputFormat,
    format: r.format,
    inputBytes: r.inputBytes,
    outputBytes: r.outputBytes,
    savedBytes: r.inputBytes - r.outputBytes,
    savedPercent: savedPercent(r.inputBytes, r.outputBytes),
    width: r.width,
    height: r.height,
    quality: r.quality ?? null,
    lossless: r.lossless,
    ...(r.score !== undefined && { score: Math.round(r.score * 100) / 100, target: r.target, candidates: r.candidates }),
    ms,
  };
}

export function jsonReport(outcomes: readonly FileOutcome[], summary: Summary, version: string, display: Display): JsonReport {
  return { version, ok: summary.failed === 0, files: outcomes.map((o) => jsonFile(o, display)), summary };
}
