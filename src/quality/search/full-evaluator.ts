/**
 * Full-size candidates of one format: the pipeline's own encode at a quality (what the user would
 * receive) and its score against the full-size reference, each quality at most once.
 */
import { encoderFor, type OutputFormat } from '../../formats/index.js';
import type { Encoded } from '../../pipeline/steps/encode.js';
import { encode } from '../../pipeline/steps/encode.js';
import { plan, type Plan } from '../../pipeline/steps/plan.js';
import { padForMetric } from '../metric/pad.js';
import { decodeForScoring } from './candidate.js';
import { timed, type SearchCost } from './cost.js';
import type { FormatJob } from './job.js';

/** A full-size encode through the pipeline, not yet scored. */
export interface FullEncode {
  readonly quality: number;
  readonly plan: Plan;
  readonly encoded: Encoded;
  readonly bytes: number;
}

/** One full-size encode and its measured score. */
export interface FullCandidate extends FullEncode {
  readonly format: OutputFormat;
  readonly score: number;
}

/**
 * What `results` knows of `quality`: its own entry or that of `first`, the first quality of its
 * step (EncoderSpec.sameOutputFrom), which is then remembered under `quality` too.
 */
export function recallStep<T>(results: Map<number, T>, quality: number, first: number): T | undefined {
  const known = results.get(quality) ?? results.get(first);
  if (known !== undefined) results.set(quality, known);
  return known;
}

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
    const known = recallStep(this.results, quality, step);
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

  /** (quality, score) of every full-size result, by the quality each was encoded at. */
  scores(): Array<[number, number]> {
    return [...this.results.values()].map((r) => [r.quality, r.score]);
  }

  private async measure(quality: number): Promise<FullCandidate> {
    // The full-size reference is analysed beside this encode, if it is not yet (see
    // MosaicTuning.pairedTrials); encodes that are never scored (lossless answers) leave it alone.
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
