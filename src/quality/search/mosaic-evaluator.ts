/**
 * Trials on the mosaic (./mosaic.ts): the mosaic is prepared once in the metric workers (so that
 * trials never block the event loop, and a mosaic may be large), then each quality is encoded and
 * scored at most once per step of the encoder. `release` frees what the workers keep.
 */
import type { OutputFormat } from '../../formats/index.js';
import { DEFAULT_LIMITS } from '../../pipeline/limits.js';
import { inSharedMemory, prepareInWorkers, type ReferenceScorer } from '../metric/worker-pool.js';
import type { RgbPixels } from '../pixels.js';
import { roundTrip } from './candidate.js';
import { timed, type SearchCost } from './cost.js';
import type { Deadline } from './deadline.js';
import { recallStep, type FullEvaluator } from './full-evaluator.js';

export class MosaicEvaluator {
  /** The mosaic's score by quality, filled in as trials run. */
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
    const known = recallStep(this.scores, quality, first);
    if (known !== undefined) return known;
    const score = await timed(this.cost, 'mosaicTrials', async () => {
      const decoded = await roundTrip(this.pixels, this.format, this.full.planAt(first).settings, this.deadline.limits(DEFAULT_LIMITS).timeoutMs);
      this.cost.mosaicTrials++;
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
