/**
 * The automatic modes of issue 6, over the pipeline's own steps:
 *  - quality=auto: the smallest output of the chosen format whose SSIMULACRA2 score reaches
 *    `target` (./search-format.ts);
 *  - format=auto: the same for every allowed format, and the smallest wins;
 *  - maxBytes: the highest quality that fits, never below score FLOOR_SCORE (./fit-bytes.ts).
 * Every answer carries its score, measured on the full-size output against the upload.
 */
import { CompressorError } from '../errors.js';
import { FORMATS, defaultOutputFor, encoderFor, type OutputFormat } from '../formats/index.js';
import type { PipelineLimits } from '../pipeline/limits.js';
import { AUTO_FORMATS, type AutoFormat, type CompressOptions, type ResolvedOptions } from '../pipeline/options.js';
import type { Encoded } from '../pipeline/steps/encode.js';
import { plan, type Plan } from '../pipeline/steps/plan.js';
import type { Probe } from '../pipeline/steps/probe.js';
import { Deadline } from './deadline.js';
import { fitBytes } from './fit-bytes.js';
import { looksLikeGraphic } from './image-kind.js';
import { prepareInWorkers, type ReferenceScorer } from './metric-pool.js';
import { padForMetric, referencePixels } from './reference.js';
import { FullEvaluator, newSearchCost, searchFormat, timed, type FormatJob, type FullCandidate, type SearchCost } from './search-format.js';
import { hasTransparency } from './ssimulacra2-core.js';
import type { RgbPixels } from './xyb.js';

export const DEFAULT_TARGET = 80;
/** maxBytes never trades quality below this score ("medium quality"). */
export const FLOOR_SCORE = 50;

/** The best result of one format, as reported to the caller. */
export interface FormatCandidate {
  readonly format: OutputFormat;
  /** Undefined for lossless output. */
  readonly quality: number | undefined;
  readonly bytes: number;
  readonly score: number;
}

export interface AutoOutcome {
  readonly plan: Plan;
  readonly encoded: Encoded;
  /** SSIMULACRA2 of `encoded` against the upload (100 for lossless output). */
  readonly score: number;
  /** The target that was aimed at, when one was (not for maxBytes alone). */
  readonly target: number | undefined;
  /** The best result of every format tried, smallest first. */
  readonly candidates: readonly FormatCandidate[];
  readonly cost: SearchCost;
}

function conflict(message: string): CompressorError {
  return new CompressorError('INVALID_OPTION', { message: `Invalid option: ${message}.`, details: { problems: [message] } });
}

/** Rejects combinations that have no sensible meaning, in the uniform INVALID_OPTION form. */
function checkCombination(o: CompressOptions): void {
  const numericQuality = typeof o.quality === 'number';
  if (numericQuality && o.format === 'auto') throw conflict('format=auto picks by measured quality; use quality=auto (or leave quality out) with a target');
  if (numericQuality && o.target !== undefined) throw conflict('target applies to quality=auto; leave quality out or set it to auto');
  if (numericQuality && o.maxBytes !== undefined) throw conflict('maxBytes chooses the quality itself; leave quality out, or set it to auto to also aim at a target');
  if (o.lossless && o.maxBytes !== undefined) throw conflict('maxBytes needs lossy compression; remove lossless');
}

/** format=auto's default field: AVIF, WebP and JPEG for photos; PNG and WebP too for graphics and transparency. */
export function defaultFormats(pixels: RgbPixels): AutoFormat[] {
  if (hasTransparency(pixels)) return ['avif', 'webp', 'png'];
  if (looksLikeGraphic(pixels)) return ['avif', 'webp', 'jpeg', 'png'];
  return ['avif', 'webp', 'jpeg'];
}

function humanBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

function label(format: OutputFormat): string {
  return FORMATS[format].label;
}

/** What one format yields for the request, with its lossless shortcut. */
interface FormatResult {
  readonly format: OutputFormat;
  /** The answer for this format, or undefined when it cannot satisfy the request. */
  readonly best: FullCandidate | undefined;
  /** maxBytes: the smallest output reaching FLOOR_SCORE, when none that fits reaches it. */
  readonly smallestAtFloor?: number;
}

export async function compressAutomatically(input: Uint8Array, header: Probe, options: CompressOptions, limits: PipelineLimits): Promise<AutoOutcome> {
  checkCombination(options);
  const target = options.quality === 'auto' || options.format === 'auto' || options.target !== undefined || options.maxBytes === undefined ? (options.target ?? DEFAULT_TARGET) : undefined;
  const base: ResolvedOptions = { ...options, format: undefined, quality: undefined };
  const cost = newSearchCost();
  const deadline = new Deadline(limits.timeoutMs);
  const planFor = (format: OutputFormat): Plan => plan(header, { ...base, format });

  // References by "flattened or not": formats without alpha see the image on the background colour.
  const references = new Map<boolean, Promise<RgbPixels>>();
  const referenceFor = (p: Plan): Promise<RgbPixels> => {
    let ref = references.get(p.flatten);
    if (!ref) references.set(p.flatten, (ref = timed(cost, 'reference', () => referencePixels(input, p, options, limits))));
    return ref;
  };
  // Each reference is analysed in the metric workers once, from when a format's search first needs
  // it (MosaicShape.pairedTrials says when).
  const scorers = new Map<boolean, ReferenceScorer>();
  const scorerFor = async (p: Plan): Promise<ReferenceScorer> => {
    const reference = await referenceFor(p);
    let scorer = scorers.get(p.flatten);
    if (!scorer) scorers.set(p.flatten, (scorer = prepareInWorkers(padForMetric(reference), { lazy: true })));
    return scorer;
  };
  try {
    return await solveAll();
  } finally {
    for (const scorer of scorers.values()) scorer.release();
  }

  async function solveAll(): Promise<AutoOutcome> {

  let formats: OutputFormat[];
  if (options.format === 'auto') {
    formats = options.formats ? [...options.formats] : defaultFormats(await referenceFor(planFor('png')));
    if (header.frames > 1) {
      formats = formats.filter((f) => encoderFor(f).supportsAnimation);
      if (formats.length === 0) {
        throw new CompressorError('ANIMATION_NOT_SUPPORTED', { message: 'This image is animated and none of the allowed formats can hold an animation. Allow WebP.', details: { frames: header.frames } });
      }
    }
  } else {
    formats = [options.format ?? defaultOutputFor(header.format)];
  }
  for (const f of formats) {
    if (!(AUTO_FORMATS as readonly string[]).includes(f)) {
      throw conflict(`automatic quality works with ${AUTO_FORMATS.map((x) => label(x)).join(', ')}; ${label(f)} has no quality setting`);
    }
  }

  // The formats are searched at the same time: each search mostly waits, for an encoder thread or
  // the metric workers, one step after another, so together they keep the cores busy. Each search
  // is on its own and deterministic, so the answer is the same as one after another. All of them
  // settle before anything is released or thrown (a timeout reaches every search: one deadline).
  const settled = await Promise.allSettled(
    formats.map(async (format) => {
      const p = planFor(format);
      const job: FormatJob = { input, header, options: base, limits, format, reference: await referenceFor(p), scorer: await scorerFor(p), deadline };
      return solveFormat(job, p, target, options.maxBytes, cost);
    }),
  );
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const results = settled.map((r) => (r as PromiseFulfilledResult<FormatResult>).value);

  const reached = results.filter((r): r is FormatResult & { best: FullCandidate } => r.best !== undefined);
  const candidates = reached.map(({ best }) => ({ format: best.format, quality: best.plan.settings.lossless ? undefined : best.quality, bytes: best.bytes, score: best.score })).sort((a, b) => a.bytes - b.bytes);

  if (reached.length === 0) throw unreachable(results, target, options.maxBytes);
  // With a target: the smallest that reaches it. With only a size: the best-looking that fits.
  const fitsAndReaches = target === undefined ? [] : reached.filter((r) => r.best.score >= target);
  const winner =
    fitsAndReaches.length > 0
      ? fitsAndReaches.reduce((a, b) => (b.best.bytes < a.best.bytes ? b : a))
      : reached.reduce((a, b) => (b.best.score > a.best.score ? b : a));
  return { plan: winner.best.plan, encoded: winner.best.encoded, score: winner.best.score, target, candidates, cost };
  }
}

async function solveFormat(job: FormatJob, p: Plan, target: number | undefined, maxBytes: number | undefined, cost: SearchCost): Promise<FormatResult> {
  const format = job.format;
  if (p.settings.lossless) {
    // Nothing to tune: one lossless encode, identical pixels.
    const full = new FullEvaluator(job, cost);
    const only = await full.encodeAt(p.settings.quality);
    const best: FullCandidate = { ...only, format, score: 100 };
    return { format, best: maxBytes === undefined || best.bytes <= maxBytes ? best : undefined, smallestAtFloor: best.bytes };
  }
  if (maxBytes === undefined) {
    const best = await searchFormat(job, target ?? DEFAULT_TARGET, cost);
    // A palette cannot reach high targets on photos; lossless PNG is still a PNG that does.
    if (!best && format === 'png') return { format, best: await losslessPng(job, cost) };
    return { format, best };
  }

  // With both a target and a size: the target's answer when it fits, else the best that fits.
  if (target !== undefined) {
    const aimed = await searchFormat(job, target, cost);
    if (aimed && aimed.bytes <= maxBytes) return { format, best: aimed };
  }
  const fit = await fitBytes(job, maxBytes, cost);
  if (fit && fit.score >= FLOOR_SCORE) return { format, best: fit };
  const atFloor = await searchFormat(job, FLOOR_SCORE, cost);
  return { format, best: undefined, ...(atFloor ? { smallestAtFloor: atFloor.bytes } : {}) };
}

async function losslessPng(job: FormatJob, cost: SearchCost): Promise<FullCandidate> {
  const full = new FullEvaluator({ ...job, options: { ...job.options, lossless: true } }, cost);
  const only = await full.encodeAt(100);
  return { ...only, format: 'png', score: 100 };
}

function unreachable(results: readonly FormatResult[], target: number | undefined, maxBytes: number | undefined): CompressorError {
  const names = results.map((r) => label(r.format)).join(' or ');
  if (maxBytes !== undefined) {
    const sizes = results.map((r) => r.smallestAtFloor).filter((b): b is number => b !== undefined);
    const smallest = sizes.length > 0 ? Math.min(...sizes) : undefined;
    return new CompressorError('TARGET_UNREACHABLE', {
      message:
        `No ${names} output of acceptable quality (SSIMULACRA2 score ${FLOOR_SCORE} or more) fits in ${humanBytes(maxBytes)}.` +
        (smallest !== undefined ? ` The smallest that would fit is ${humanBytes(smallest)} (maxBytes=${smallest}).` : ''),
      details: { maxBytes, floorScore: FLOOR_SCORE, smallestBytes: smallest },
    });
  }
  return new CompressorError('TARGET_UNREACHABLE', {
    message: `No ${names} output reaches the quality score ${target}, even at the highest quality. Lower the target or allow another format.`,
    details: { target },
  });
}
