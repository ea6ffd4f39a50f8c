/**
 * Automatic quality for one output format: the smallest output whose SSIMULACRA2 score, measured
 * on the real full-size output, reaches the target.
 *
 * 1. Predict a starting quality from the format's measured curve (./predict.ts).
 * 2. Search on a reduced version — a mosaic of full-resolution tiles (./mosaic.ts) — where an
 *    encode and a score cost a fraction of full size, for the lowest quality reaching the target.
 * 3. Encode the full image at that quality through the pipeline and score it. The difference
 *    between the full-size and the mosaic score (the calibration) is nearly constant over nearby
 *    qualities, so the mosaic curve shifted by it predicts the full-size curve: re-aim on the
 *    mosaic and verify again only when the shifted curve says a different quality is the answer.
 *    Where an answer would need the quality below it measured too, the first verification
 *    measures both at once.
 * Small images skip the mosaic and search at full size directly. Whatever path was taken, the
 * answer is a full-size encode whose own score reached the target.
 */
import { encoderFor, type OutputFormat } from '../formats/index.js';
import { DEFAULT_LIMITS, type PipelineLimits } from '../pipeline/limits.js';
import type { ResolvedOptions } from '../pipeline/options.js';
import { encode, type Encoded } from '../pipeline/steps/encode.js';
import { plan, type Plan } from '../pipeline/steps/plan.js';
import type { Probe } from '../pipeline/steps/probe.js';
import { decodeForScoring, roundTrip } from './candidate.js';
import type { Deadline } from './deadline.js';
import { lowestPassing, type LowestPassingQuery } from './find-lowest.js';
import { TILE, mosaic } from './mosaic.js';
import { predictQuality, scoreSlope } from './predict.js';
import { padForMetric } from './reference.js';
import { inSharedMemory, prepareInWorkers, type ReferenceScorer } from './metric-pool.js';
import type { RgbPixels } from './xyb.js';

export const QUALITY_RANGE: { readonly lo: number; readonly hi: number } = { lo: 1, hi: 100 };

/** One full-size encode and its measured score. */
export interface FullCandidate {
  readonly format: OutputFormat;
  readonly quality: number;
  readonly plan: Plan;
  readonly encoded: Encoded;
  readonly bytes: number;
  readonly score: number;
}

/** What the search did, for reports and the benchmark. */
export interface SearchCost {
  fullEncodes: number;
  fullScores: number;
  reducedEncodes: number;
  /** Wall time by phase, in ms (with format=auto the formats' searches overlap, so phases add up to more than the whole). */
  readonly ms: { reference: number; mosaic: number; reduced: number; fullEncode: number; fullScore: number };
}

export function newSearchCost(): SearchCost {
  return { fullEncodes: 0, fullScores: 0, reducedEncodes: 0, ms: { reference: 0, mosaic: 0, reduced: 0, fullEncode: 0, fullScore: 0 } };
}

/** Runs `work`, adding its wall time to `cost.ms[phase]`. */
export async function timed<T>(cost: SearchCost, phase: keyof SearchCost['ms'], work: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    cost.ms[phase] += performance.now() - start;
  }
}

export interface FormatJob {
  readonly input: Uint8Array;
  readonly header: Probe;
  readonly options: ResolvedOptions;
  readonly limits: PipelineLimits;
  readonly format: OutputFormat;
  /** The full-size reference for this format's plan (flattened when the format has no alpha). */
  readonly reference: RgbPixels;
  /** Scores full-size candidates against `reference` (prepared in the metric workers). */
  readonly scorer: ReferenceScorer;
  /** The processing timeout, for the whole search. */
  readonly deadline: Deadline;
}

export interface MosaicShape {
  /**
   * Pixels in the mosaic, as a share of the image's between a floor and a ceiling. Trials on the
   * mosaic are cheap against a full-size verification on a large photo, but not on a small one:
   * there a smaller mosaic pays for itself even if it misleads a little more often.
   */
  readonly pixels: { readonly share: number; readonly min: number; readonly max: number };
  /** Tile side in pixels (see ./mosaic.ts). */
  readonly tile: number;
  /**
   * The first aim's calibration, before any full-size score is known: the mosaic tends to score a
   * little higher than the whole image (its tiles see fewer flat areas).
   */
  readonly firstAimOffset: number;
  /**
   * Where the mosaic is less than `share` of the image's pixels (a large photo whose mosaic stays
   * small): another first aim, and whether an answer is kept only once the quality below it has
   * failed at full size (for encoders whose mosaic bias jumps between neighbouring qualities, so
   * that a calibration does not carry over even one step).
   */
  readonly sparse?: { readonly share: number; readonly firstAimOffset: number; readonly confirmBelow: boolean };
  /**
   * On a photo of at most `pixels` pixels: another first aim (its mosaic holds fewer tiles, misses
   * more of the photo's worst areas and scores further above it), and how many points the full
   * image's score moves per point of the mosaic's between nearby qualities, with which a
   * calibration made at one quality is carried to the next (elsewhere 1).
   */
  readonly small?: { readonly pixels: number; readonly firstAimOffset: number; readonly fullPerMosaicPoint: number };
  /**
   * Trials on the mosaic two at a time, a quality and the one below it (see LowestPassingQuery.pairs),
   * on encoders that run on one thread. The full-size reference is then analysed only from the first
   * full-size verification on (beside its encode), so that the pairs have the cores to themselves.
   */
  readonly pairedTrials?: boolean;
}

/**
 * Per format, measured on Kodak near target 80 as the mosaic's score minus the full image's at the
 * answer, and by replaying the search over every quality's full-size and mosaic scores, then
 * confirmed by bench:quality on Kodak and the large photos:
 * - JPEG: 64-pixel tiles (24 on a Kodak photo instead of 6) sample the photo better — the bias
 *   spreads with a standard deviation of 0.44 points instead of 0.73 — so fewer full-size
 *   verifications are needed.
 * - JPEG on photos up to a megapixel: first aim +1.3 (+1.1 on larger ones), and a calibration
 *   carried to nearby qualities at 1.1 full-image points per mosaic point (1 on larger ones):
 *   mozjpeg's full-size score climbs faster with quality than its mosaic's (1.13× on Kodak from 77 to
 *   89, 1.21× on seventeen 768×512 photos apart from Kodak — crops of libjxl's flower.png and Kodak
 *   2×2 mosaics at half scale), most at 80, 83 and 86. The mosaic's bias at a small photo's answer
 *   is skewed — most photos 1.2–1.6 points, a few near 0 — so the most frequent bias (+1.3), not the
 *   mean (+1.1), lands the first verification on the answer most often. Replayed on Kodak: 32
 *   verification rounds instead of 37 (4.14 fixed encodes per photo on average instead of 4.58); on
 *   the seventeen other photos 33 instead of 37. Large photos keep +1.1 and 1: +1.3 cost
 *   kodak-mosaic-a a verification (its bias is 1.12), and there a mosaic's steps follow the full
 *   image's (0.97× from 88 to 89 on its 100 000-pixel mosaic, where 1.1 answered a step too high).
 * - WebP is worse with small tiles (0.94 instead of 0.76: it picks its segments from statistics of
 *   the whole picture) and keeps 128-pixel tiles.
 * - Both: 60 000 pixels on a Kodak photo (a sixth of it) cost 13 % (JPEG) and 24 % (WebP) less time
 *   than 100 000.
 * - JPEG on larger photos: a sixth of the image up to 800 000 pixels. On 1.5–6 MP photos a mosaic
 *   of 100 000 pixels (2–7 % of the image) scores 1–3 points above the whole image, and that bias
 *   changes from one quality to the next, so the calibrated aim often missed: 2.2 full-size
 *   verifications per photo on five 1.5–6 MP Kodak mosaics (3.0 on the benchmark's three large
 *   photos) against 1.4 (1.3) with the larger mosaic, for the same answers. A trial on it still
 *   costs a tenth of a verification. WebP's answers got worse with larger mosaics (a quality step
 *   too high on 3 of 8 photos at 400 000 pixels, 5 of 8 at 800 000), so it keeps 100 000.
 * - AVIF: 100 000 pixels on small photos, a sixth of larger ones up to 400 000. At 100 000 pixels
 *   the mosaic of a 6 MP photo scored 1–4 points above the whole, drifting by up to 2 points over
 *   ten qualities (3.7 verifications per photo on the benchmark's three large photos); at 400 000
 *   its bias stays within about 0.5 of its mean (2.0 verifications). The first aim's +1.0 is the
 *   centre of the biases seen at the answers; on Kodak it costs nothing against +0.8 (replayed:
 *   1.88 verifications per photo, the same bytes). One of the eight large photos came out a
 *   quality step (1 %) above its oracle.
 * - WebP on large photos, where its 100 000 pixels are under a tenth of the image: the mosaic
 *   scored 1.5–4.4 points above the whole photo at the first verification (median 2.7 over the
 *   benchmark's three large photos and five 1.5–6 MP Kodak mosaics apart from them), so the first
 *   aim is +2.5; and because the bias then jumps by up to 2 points from one quality to the next
 *   (kodak-mosaic-a: 2.7 at 86, 0.6 at 87, 2.1 at 88), an answer is confirmed by a full-size check
 *   of the quality below it. On the five photos: 2.2 verifications each instead of 3.4; on the
 *   benchmark's three 3.0 instead of 2.7; the same bytes everywhere. (+2.5 without the check
 *   answered a step too high on kodak-mosaic-a: 2.8 % more bytes on the three.)
 * - Lossy PNG: 100 000 pixels in 128-pixel tiles, first aim +4.0. A palette fits a mosaic better
 *   than the whole photo (fewer colours to cover), so the mosaic scores higher by 1.4–8 points
 *   (median 3.9 over the Kodak photos at the first verification; once 1.7 lower); the old +0.8
 *   sent 23 of 24 first verifications below the answer. Kodak: 107 palette encodes in all instead
 *   of 123, 4.9× one fixed encode instead of 6.5×, bytes 1.001 of the oracle. Larger mosaics (40 %
 *   of the photo) made trials dearer without fewer verifications.
 */
const SMALL_ON_SMALL_IMAGES = { share: 0.15, min: 60_000, max: 100_000 } as const;
const MOSAIC_SHAPES: Partial<Record<OutputFormat, MosaicShape>> = {
  jpeg: { pixels: { ...SMALL_ON_SMALL_IMAGES, max: 800_000 }, tile: 64, firstAimOffset: 1.1, small: { pixels: 1_000_000, firstAimOffset: 1.3, fullPerMosaicPoint: 1.1 }, pairedTrials: true },
  webp: { pixels: SMALL_ON_SMALL_IMAGES, tile: TILE, firstAimOffset: 1.0, sparse: { share: 0.1, firstAimOffset: 2.5, confirmBelow: true } },
  avif: { pixels: { share: 0.15, min: 100_000, max: 400_000 }, tile: TILE, firstAimOffset: 1.0 },
  png: { pixels: { share: 1, min: 100_000, max: 100_000 }, tile: TILE, firstAimOffset: 4.0 },
};
const DEFAULT_MOSAIC_SHAPE: MosaicShape = { pixels: { share: 1, min: 100_000, max: 100_000 }, tile: TILE, firstAimOffset: 0.8 };

function mosaicPixels(shape: MosaicShape, image: RgbPixels): number {
  const { share, min, max } = shape.pixels;
  return Math.min(max, Math.max(min, Math.round(share * image.width * image.height)));
}
const MAX_VERIFY_ROUNDS = 4;

/**
 * What `results` knows of `quality`: its own entry or that of `first`, the first quality of its
 * step (EncoderSpec.sameOutputFrom), which is then remembered under `quality` too.
 */
function recall<T>(results: Map<number, T>, quality: number, first: number): T | undefined {
  const known = results.get(quality) ?? results.get(first);
  if (known !== undefined) results.set(quality, known);
  return known;
}

/** A full-size encode through the pipeline, not yet scored. */
export interface FullEncode {
  readonly quality: number;
  readonly plan: Plan;
  readonly encoded: Encoded;
  readonly bytes: number;
}

/** Encodes and scores full-size candidates of one format, each quality at most once. */
export class FullEvaluator {
  readonly encodes = new Map<number, FullEncode>();
  readonly results = new Map<number, FullCandidate>();
  private readonly running = new Map<number, Promise<FullCandidate>>();

  constructor(
    private readonly job: FormatJob,
    readonly cost: SearchCost,
  ) {}

  get format(): OutputFormat {
    return this.job.format;
  }

  planAt(quality: number): Plan {
    return plan(this.job.header, { ...this.job.options, format: this.job.format, quality });
  }

  /** True when the encoder settings at `a` and `b` differ in more than the quality (JPEG's chroma subsampling at 90). */
  settingsChangeBetween(a: number, b: number): boolean {
    const { quality: _a, ...at } = this.planAt(a).settings;
    const { quality: _b, ...bt } = this.planAt(b).settings;
    return JSON.stringify(at) !== JSON.stringify(bt);
  }

  /**
   * The first quality of `quality`'s step, for encoders where several qualities give the same file
   * (EncoderSpec.sameOutputFrom): each step is encoded once, and reported by its first quality.
   */
  stepOf(quality: number): number {
    return encoderFor(this.job.format).sameOutputFrom?.(quality) ?? quality;
  }

  /** The pipeline's own encode (metadata policy included): what the user would receive. */
  async encodeAt(quality: number): Promise<FullEncode> {
    const first = this.stepOf(quality);
    const known = this.encodes.get(first);
    if (known) return known;
    const decided = this.planAt(first);
    const encoded = await timed(this.cost, 'fullEncode', () => encode(this.job.input, decided, this.job.options, this.job.deadline.limits(this.job.limits)));
    this.cost.fullEncodes++;
    const result: FullEncode = { quality: first, plan: decided, encoded, bytes: encoded.data.length };
    this.encodes.set(first, result);
    return result;
  }

  /** The full-size candidate at `quality`, remembered under `quality` and the first quality of its step. */
  async at(quality: number): Promise<FullCandidate> {
    const step = this.stepOf(quality);
    const known = recall(this.results, quality, step);
    if (known) return known;
    // Two verifications may run at once (see searchWithMosaic): each step is still done once.
    let running = this.running.get(step);
    if (!running) {
      running = this.measure(quality);
      this.running.set(step, running);
      running.then(
        () => this.running.delete(step),
        () => this.running.delete(step),
      );
    }
    const result = await running;
    this.results.set(quality, result);
    return result;
  }

  private async measure(quality: number): Promise<FullCandidate> {
    // The full-size reference is analysed beside this encode, if it is not yet (see
    // MosaicShape.pairedTrials); encodes that are never scored (lossless answers) leave it alone.
    this.job.scorer.start();
    const { quality: q, plan: decided, encoded, bytes } = await this.encodeAt(quality);
    const score = await timed(this.cost, 'fullScore', async () => {
      const decoded = await decodeForScoring(encoded.data, this.job.reference.channels, decided.animated);
      return this.job.scorer.score(padForMetric(decoded));
    });
    this.job.deadline.check();
    this.cost.fullScores++;
    const result: FullCandidate = { format: this.job.format, quality: q, plan: decided, encoded, bytes, score };
    this.results.set(q, result);
    return result;
  }

  /** Smallest evaluated output reaching `target`. */
  best(target: number): FullCandidate | undefined {
    let best: FullCandidate | undefined;
    // On equal bytes (with a saturated palette, the very same file) the lowest quality is reported.
    for (const r of this.results.values()) if (r.score >= target && (!best || r.bytes < best.bytes || (r.bytes === best.bytes && r.quality < best.quality))) best = r;
    return best;
  }
}

/**
 * The mosaic, prepared once in the metric workers (so that trials never block the event loop, and
 * a mosaic may be large), and its scores by quality. `release` frees what the workers keep.
 */
class ReducedEvaluator {
  readonly scores = new Map<number, number>();
  private readonly scorer: ReferenceScorer;

  constructor(
    private readonly pixels: RgbPixels,
    private readonly full: FullEvaluator,
    private readonly format: OutputFormat,
    private readonly cost: SearchCost,
    private readonly deadline: Deadline,
  ) {
    this.scorer = prepareInWorkers(inSharedMemory(pixels));
  }

  /**
   * The mosaic's score at `quality`, encoded and scored once per step of the encoder (see
   * FullEvaluator.stepOf) and remembered in `scores` under `quality` and the step's first quality.
   */
  readonly at = async (quality: number): Promise<number> => {
    const first = this.full.stepOf(quality);
    const known = recall(this.scores, quality, first);
    if (known !== undefined) return known;
    const score = await timed(this.cost, 'reduced', async () => {
      const decoded = await roundTrip(this.pixels, this.format, this.full.planAt(first).settings, this.deadline.limits(DEFAULT_LIMITS).timeoutMs);
      this.cost.reducedEncodes++;
      return this.scorer.score(decoded);
    });
    this.deadline.check();
    this.scores.set(first, score);
    this.scores.set(quality, score);
    return score;
  };

  release(): void {
    this.scorer.release();
  }
}

/**
 * Formats whose score is not monotonic in quality: libimagequant chooses a new palette (and a new
 * dithering pattern) at every quality, so a lower quality sometimes scores higher. After the
 * search their answer is polished by trying the qualities just below it at full size.
 */
const NOISY: ReadonlySet<OutputFormat> = new Set(['png']);
const POLISH_STEPS = 3;

/**
 * Where the median photo needs a palette quality of at least this for the target, the top quality
 * is encoded and scored at full size before anything else. That is the flat top of the palette's
 * curve (see ./predict.ts): many photos saturate the palette there (every higher quality gives the
 * same file) below the target — 12 of the 24 Kodak photos at 80 — and for them this one encode is
 * the whole search; for the others it bounds the search from above.
 */
const TOP_FIRST_FROM = 80;

async function polish(full: FullEvaluator, found: FullCandidate, target: number): Promise<FullCandidate> {
  let best = found;
  let misses = 0;
  for (let q = found.quality - 1; q >= QUALITY_RANGE.lo && misses < POLISH_STEPS; q--) {
    const candidate = await full.at(q);
    // The very same file: the palette is saturated from here up, and lower qualities give this
    // file again until it is no longer (usually many steps): polishing there buys nothing.
    if (candidate.encoded.data.equals(found.encoded.data)) break;
    if (candidate.score >= target && candidate.bytes < best.bytes) {
      best = candidate;
      misses = 0;
    } else {
      misses++;
    }
  }
  return best;
}

/**
 * The smallest full-size output of `job.format` whose score reaches `target`, or undefined when
 * even the highest quality falls short.
 */
export async function searchFormat(job: FormatJob, target: number, cost: SearchCost, shape = mosaicShapeOf(job.format)): Promise<FullCandidate | undefined> {
  const full = new FullEvaluator(job, cost);
  const found = await searchMonotone(job, full, target, shape);
  return found && NOISY.has(job.format) ? polish(full, found, target) : found;
}

/** The mosaic shape the search uses for `format` (another can be passed to searchFormat, for tests). */
export function mosaicShapeOf(format: OutputFormat): MosaicShape {
  return MOSAIC_SHAPES[format] ?? DEFAULT_MOSAIC_SHAPE;
}

async function searchMonotone(job: FormatJob, full: FullEvaluator, target: number, shape: MosaicShape): Promise<FullCandidate | undefined> {
  const cost = full.cost;
  const { lo, hi } = QUALITY_RANGE;
  const guess = predictQuality(job.format, target);
  const slope = scoreSlope(job.format, target);
  if (NOISY.has(job.format) && guess >= TOP_FIRST_FROM && (await full.at(hi)).score < target) return undefined;
  const reduced = job.header.frames > 1 ? undefined : mosaic(job.reference, mosaicPixels(shape, job.reference), shape.tile);

  if (!reduced) {
    // Small (or animated) image: the search itself runs at full size.
    const q = await lowestAtFullSize(full, new Map(), { target, lo, hi, guess, slope });
    return q === undefined ? undefined : full.at(q);
  }

  // Unless the mosaic's trials need the cores, the full-size reference is analysed beside them.
  if (!shape.pairedTrials) job.scorer.start();
  const mosaicEval = await timed(cost, 'mosaic', () => new ReducedEvaluator(reduced, full, job.format, cost, job.deadline));
  try {
    const sparse = shape.sparse && reduced.width * reduced.height < shape.sparse.share * job.reference.width * job.reference.height ? shape.sparse : undefined;
    const small = shape.small && job.reference.width * job.reference.height <= shape.small.pixels ? shape.small : undefined;
    const aims = { firstAimOffset: sparse?.firstAimOffset ?? small?.firstAimOffset ?? shape.firstAimOffset, confirmBelow: sparse?.confirmBelow ?? false, fullPerMosaicPoint: small?.fullPerMosaicPoint ?? 1, pairedTrials: shape.pairedTrials ?? false };
    return await searchWithMosaic(full, target, mosaicEval, aims, { guess, slope });
  } finally {
    mosaicEval.release();
  }
}

/**
 * Steps 2 and 3 of the header: aim on the mosaic, verify at full size, re-aim with the calibration.
 * `aims`: the first aim's calibration and whether answers need the quality below them measured
 * (MosaicShape); `start`: the predicted quality and the curve's slope there (step 1).
 */
async function searchWithMosaic(
  full: FullEvaluator,
  target: number,
  mosaicEval: ReducedEvaluator,
  { firstAimOffset, confirmBelow, fullPerMosaicPoint, pairedTrials }: { readonly firstAimOffset: number; readonly confirmBelow: boolean; readonly fullPerMosaicPoint: number; readonly pairedTrials: boolean },
  { guess, slope }: Pick<LowestPassingQuery, 'guess' | 'slope'>,
): Promise<FullCandidate | undefined> {
  const { lo, hi } = QUALITY_RANGE;
  const aim = (goal: number, top = hi): Promise<number | undefined> =>
    lowestPassing({ evaluate: mosaicEval.at, scores: mosaicEval.scores, target: goal, lo, hi: top, guess, slope, saturates: NOISY.has(full.format), pairs: pairedTrials });

  // Where an answer at q must have q − 1 measured at full size too (see below).
  const mustCheckBelow = (at: number): boolean => at - 1 >= lo && (confirmBelow || full.settingsChangeBetween(at - 1, at));
  // The mosaic score to aim for. Calibrated by a full-size score at some quality: the full image
  // needs `full − target` points less, which is `(full − target) / fullPerMosaicPoint` on the mosaic.
  const calibrated = (mosaicScore: number, fullScore: number): number => mosaicScore - (fullScore - target) / fullPerMosaicPoint;
  let goal = target + firstAimOffset;
  for (let round = 0; round < MAX_VERIFY_ROUNDS; round++) {
    const q = (await aim(goal)) ?? hi;
    // Full-size results bracket the answer: a quality at or above one that passed, or at or below
    // one that failed under it, cannot improve on what is known.
    const passed = [...full.results.values()].filter((r) => r.score >= target).map((r) => r.quality);
    const lowestPass = Math.min(Infinity, ...passed);
    const highestFail = Math.max(-Infinity, ...[...full.results.values()].filter((r) => r.score < target && r.quality < lowestPass).map((r) => r.quality));
    if (q >= lowestPass || q <= highestFail) break;
    // Where it must, the first verification measures q and q − 1 at once: the encoder's single
    // thread leaves a core free, and the second is needed whenever q passes. Only the first: later
    // rounds come after the mosaic has misled once, when q fails more often and q − 1 would be
    // measured for nothing.
    const [verified] = await Promise.all([full.at(q), ...(round === 0 && mustCheckBelow(q) ? [full.at(q - 1)] : [])]);
    if (verified.score < target && NOISY.has(full.format) && q < hi && !full.results.has(hi)) {
      // A palette's best is its highest quality: there libimagequant may use every colour, and on
      // many photos it saturates (every quality above some point gives the very same file, which a
      // walk up to the top would encode again and again). If the top falls short, nothing reaches
      // the target; otherwise it bounds the search from above.
      if ((await full.at(hi)).score < target) return undefined;
    }
    // Calibration: how the mosaic's score at this quality relates to the full image's.
    goal = calibrated(mosaicEval.scores.get(q)!, verified.score);
    if (verified.score >= target) {
      // Could a lower quality pass too? The calibrated mosaic curve says.
      const lower = await aim(goal, q);
      if (lower !== undefined && lower < q && !full.results.has(lower)) continue;
      // The calibration carries over between qualities that differ in quality only. Where the
      // encoder changes more (JPEG turns chroma subsampling off at 90, and the score jumps), or
      // where it does not carry over at all (confirmBelow), the quality just below is measured at
      // full size; if it passes, the search goes on from there.
      const below = q - 1;
      if (!mustCheckBelow(q)) break;
      const check = await full.at(below);
      if (check.score < target) break;
      goal = calibrated(await mosaicEval.at(below), check.score);
    }
  }
  // Finish at full size wherever full-size results leave a gap between a failure and a pass: there
  // the mosaic has already misled the search once (WebP chooses its segments from the statistics
  // of the whole image, which a mosaic does not share), so only full-size scores decide.
  const passed = [...full.results.values()].filter((r) => r.score >= target).map((r) => r.quality);
  const lowestPass = Math.min(hi + 1, ...passed);
  const failedBelow = [...full.results.values()].filter((r) => r.score < target && r.quality < lowestPass).map((r) => r.quality);
  if (passed.length > 0 && failedBelow.length === 0) return full.best(target);
  const fullScores = new Map([...full.results].map(([q, r]) => [q, r.score]));
  const q = await lowestAtFullSize(full, fullScores, { target, lo: Math.max(lo, ...failedBelow), hi, guess: failedBelow.length > 0 ? Math.max(...failedBelow) + 1 : guess, slope });
  return q === undefined ? undefined : full.at(q);
}

/** lowestPassing on full-size scores: each quality it asks for is encoded and scored by `full`. */
function lowestAtFullSize(full: FullEvaluator, scores: Map<number, number>, query: Pick<LowestPassingQuery, 'target' | 'lo' | 'hi' | 'guess' | 'slope'>): Promise<number | undefined> {
  return lowestPassing({ ...query, evaluate: async (x) => (await full.at(x)).score, scores, saturates: NOISY.has(full.format) });
}
