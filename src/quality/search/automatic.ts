/**
 * The automatic modes, over the pipeline's own plan and encode steps:
 *  - quality=auto: the smallest output of the chosen format whose SSIMULACRA2 score reaches
 *    `target` (./search-format.ts);
 *  - format=auto: the same for every allowed format, and the smallest wins;
 *  - maxBytes: the highest quality that fits, never below score FLOOR_SCORE (./fit-bytes.ts).
 * Every answer carries its score, measured on the full-size output against the upload. Options
 * arrive parsed and checked (src/pipeline/options.ts); only what depends on the image is checked here.
 */
import { CompressorError } from '../../errors.js';
import { FORMATS, defaultOutputFor, encoderFor, type OutputFormat } from '../../formats/index.js';
import type { PipelineLimits } from '../../pipeline/limits.js';
import { isAutoFormat, noQualitySetting, type AutoFormat, type CompressOptions, type ResolvedOptions } from '../../pipeline/options.js';
import type { Encoded } from '../../pipeline/steps/encode.js';
import { plan, type Plan } from '../../pipeline/steps/plan.js';
import type { Probe } from '../../pipeline/steps/probe.js';
import { DEFAULT_TARGET, FLOOR_SCORE } from '../../shared/defaults.js';
import { formatBinaryBytes } from '../../shared/units.js';
import { padForMetric } from '../metric/pad.js';
import { prepareInWorkers, type ReferenceScorer } from '../metric/worker-pool.js';
import { hasTransparency, type RgbPixels } from '../pixels.js';
import { newSearchCost, timed, type SearchCost } from './cost.js';
import { Deadline } from './deadline.js';
import { fitBytes } from './fit-bytes.js';
import { FullEvaluator, type FullCandidate } from './full-evaluator.js';
import { looksLikeGraphic } from './image-kind.js';
import type { FormatJob } from './job.js';
import { referencePixels } from './reference.js';
import { searchFormat } from './search-format.js';

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

/** What one format yields for the request. */
interface FormatResult {
  readonly format: OutputFormat;
  /** The answer for this format, or undefined when it cannot satisfy the request. */
  readonly best: FullCandidate | undefined;
  /** maxBytes: the smallest output reaching FLOOR_SCORE, when none that fits reaches it. */
  readonly smallestAtFloor?: number;
}

/** What the request asks of every format's search. */
interface Request {
  readonly target: number | undefined;
  readonly maxBytes: number | undefined;
  readonly cost: SearchCost;
}

export async function searchAutomatically(input: Uint8Array, header: Probe, options: CompressOptions, limits: PipelineLimits): Promise<AutoOutcome> {
  const request: Request = { target: targetOf(options), maxBytes: options.maxBytes, cost: newSearchCost() };
  const base: ResolvedOptions = { ...options, format: undefined, quality: undefined };
  const references = new References(input, options, limits, request.cost);
  const planFor = (format: OutputFormat): Plan => plan(header, { ...base, format });
  try {
    const formats = await formatsToTry(header, options, () => references.pixels(planFor('png')));
    const deadline = new Deadline(limits.timeoutMs);
    // The formats are searched at the same time: each search mostly waits, for an encoder thread or
    // the metric workers, one step after another, so together they keep the cores busy. Each search
    // is on its own and deterministic, so the answer is the same as one after another. All of them
    // settle before anything is released or thrown (a timeout reaches every search: one deadline).
    const settled = await Promise.allSettled(
      formats.map(async (format) => {
        const p = planFor(format);
        const job: FormatJob = { input, header, options: base, limits, format, reference: await references.pixels(p), scorer: await references.scorer(p), deadline };
        return searchOneFormat(job, p, request);
      }),
    );
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return pickWinner(settled.map((r) => (r as PromiseFulfilledResult<FormatResult>).value), request);
  } finally {
    references.release();
  }
}

/** The score aimed at: the target given, or the default one, unless maxBytes alone was asked for. */
function targetOf(options: CompressOptions): number | undefined {
  const aims = options.quality === 'auto' || options.format === 'auto' || options.target !== undefined || options.maxBytes === undefined;
  return aims ? (options.target ?? DEFAULT_TARGET) : undefined;
}

/** format=auto's default field: AVIF, WebP and JPEG for photos; PNG and WebP too for graphics and transparency. */
function defaultFormats(pixels: RgbPixels): AutoFormat[] {
  if (hasTransparency(pixels)) return ['avif', 'webp', 'png'];
  if (looksLikeGraphic(pixels)) return ['avif', 'webp', 'jpeg', 'png'];
  return ['avif', 'webp', 'jpeg'];
}

/** The formats to search: the one asked for (or the input's), or with format=auto the allowed field. */
async function formatsToTry(header: Probe, options: CompressOptions, pixels: () => Promise<RgbPixels>): Promise<OutputFormat[]> {
  let formats: OutputFormat[];
  if (options.format === 'auto') {
    formats = options.formats ? [...options.formats] : defaultFormats(await pixels());
    if (header.frames > 1) {
      formats = formats.filter((f) => encoderFor(f).supportsAnimation);
      if (formats.length === 0) {
        throw new CompressorError('ANIMATION_NOT_SUPPORTED', { message: 'This image is animated and none of the allowed formats can hold an animation. Allow WebP.', details: { frames: header.frames } });
      }
    }
  } else {
    formats = [options.format ?? defaultOutputFor(header.format)];
  }
  // The format asked for was checked with the other options; the input's own (GIF, TIFF) only here.
  const untunable = formats.find((f) => !isAutoFormat(f));
  if (untunable) throw new CompressorError('INVALID_OPTION', { message: `Invalid option: ${noQualitySetting(untunable)}.`, details: { problems: [noQualitySetting(untunable)] } });
  return formats;
}

/**
 * The references candidates are scored against, one per "flattened or not" (formats without alpha
 * see the image on the background colour), decoded once and analysed in the metric workers once,
 * from when a format's search first needs it (MosaicTuning.pairedTrials says when).
 */
class References {
  private readonly decoded = new Map<boolean, Promise<RgbPixels>>();
  private readonly scorers = new Map<boolean, ReferenceScorer>();

  constructor(
    private readonly input: Uint8Array,
    private readonly options: CompressOptions,
    private readonly limits: PipelineLimits,
    private readonly cost: SearchCost,
  ) {}

  pixels(p: Plan): Promise<RgbPixels> {
    let pixels = this.decoded.get(p.flatten);
    if (!pixels) this.decoded.set(p.flatten, (pixels = timed(this.cost, 'reference', () => referencePixels(this.input, p, this.options, this.limits))));
    return pixels;
  }

  async scorer(p: Plan): Promise<ReferenceScorer> {
    const reference = await this.pixels(p);
    let scorer = this.scorers.get(p.flatten);
    if (!scorer) this.scorers.set(p.flatten, (scorer = prepareInWorkers(padForMetric(reference), { lazy: true })));
    return scorer;
  }

  release(): void {
    for (const scorer of this.scorers.values()) scorer.release();
  }
}

async function searchOneFormat(job: FormatJob, p: Plan, { target, maxBytes, cost }: Request): Promise<FormatResult> {
  const format = job.format;
  if (p.settings.lossless) {
    // Nothing to tune: one lossless encode, identical pixels.
    const best = await losslessCandidate(job, p.settings.quality, cost);
    return { format, best: maxBytes === undefined || best.bytes <= maxBytes ? best : undefined, smallestAtFloor: best.bytes };
  }
  if (maxBytes === undefined) {
    const best = await searchFormat(job, target ?? DEFAULT_TARGET, cost);
    // A palette cannot reach high targets on photos; lossless PNG is still a PNG that does.
    if (!best && format === 'png') return { format, best: await losslessCandidate({ ...job, options: { ...job.options, lossless: true } }, 100, cost) };
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

/**
 * One lossless encode (`quality` is then the encoder's effort setting): the same pixels as the
 * upload, so its score is 100 by definition, not measured.
 */
async function losslessCandidate(job: FormatJob, quality: number, cost: SearchCost): Promise<FullCandidate> {
  const only = await new FullEvaluator(job, cost).encodeAt(quality);
  return { ...only, format: job.format, score: 100 };
}

function pickWinner(results: readonly FormatResult[], { target, maxBytes, cost }: Request): AutoOutcome {
  const reached = results.filter((r): r is FormatResult & { best: FullCandidate } => r.best !== undefined);
  if (reached.length === 0) throw unreachable(results, target, maxBytes);
  const candidates = reached
    .map(({ best }) => ({ format: best.format, quality: best.plan.settings.lossless ? undefined : best.quality, bytes: best.bytes, score: best.score }))
    .sort((a, b) => a.bytes - b.bytes);
  // With a target: the smallest that reaches it. With only a size: the best-looking that fits.
  const fitsAndReaches = target === undefined ? [] : reached.filter((r) => r.best.score >= target);
  const winner =
    fitsAndReaches.length > 0 ? fitsAndReaches.reduce((a, b) => (b.best.bytes < a.best.bytes ? b : a)) : reached.reduce((a, b) => (b.best.score > a.best.score ? b : a));
  return { plan: winner.best.plan, encoded: winner.best.encoded, score: winner.best.score, target, candidates, cost };
}

function unreachable(results: readonly FormatResult[], target: number | undefined, maxBytes: number | undefined): CompressorError {
  const names = results.map((r) => FORMATS[r.format].label).join(' or ');
  if (maxBytes !== undefined) {
    const sizes = results.map((r) => r.smallestAtFloor).filter((b): b is number => b !== undefined);
    const smallest = sizes.length > 0 ? Math.min(...sizes) : undefined;
    return new CompressorError('TARGET_UNREACHABLE', {
      message:
        `No ${names} output of acceptable quality (SSIMULACRA2 score ${FLOOR_SCORE} or more) fits in ${formatBinaryBytes(maxBytes)}.` +
        (smallest !== undefined ? ` The smallest that would fit is ${formatBinaryBytes(smallest)} (maxBytes=${smallest}).` : ''),
      details: { maxBytes, floorScore: FLOOR_SCORE, smallestBytes: smallest },
    });
  }
  return new CompressorError('TARGET_UNREACHABLE', {
    message: `No ${names} output reaches the quality score ${target}, even at the highest quality. Lower the target or allow another format.`,
    details: { target },
  });
}
