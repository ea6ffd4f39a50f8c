/**
 * maxBytes: the highest quality of one format whose full-size output fits in N bytes. Sizes need
 * no metric, only encodes, so this searches full-size encodes directly, interpolating on the
 * logarithm of the size (which is close to linear in quality). Only the answer is scored.
 */
import { encoderFor } from '../../formats/index.js';
import { lowestPassing } from './find-lowest.js';
import type { SearchCost } from './cost.js';
import { FullEvaluator, type FullCandidate } from './full-evaluator.js';
import { QUALITY_RANGE, type FormatJob } from './job.js';

/** Typical growth of ln(bytes) per quality step in the middle of the range (about 4%). */
const LOG_BYTES_PER_STEP = 0.04;

/** The highest-quality full-size output that fits, scored; undefined when even quality 1 is too big. */
export async function fitBytes(job: FormatJob, maxBytes: number, cost: SearchCost): Promise<FullCandidate | undefined> {
  const { lo, hi } = QUALITY_RANGE;
  const full = new FullEvaluator(job, cost);
  // "Passing" here means "too big": the lowest quality that no longer fits, minus one, is the answer.
  const tooBig = await lowestPassing({
    evaluate: async (q) => Math.log((await full.encodeAt(q)).bytes),
    scores: new Map(),
    target: Math.log(maxBytes + 1),
    lo,
    hi,
    guess: encoderFor(job.format).defaultQuality,
    slope: LOG_BYTES_PER_STEP,
  });
  const q = tooBig === undefined ? hi : tooBig - 1;
  return q < lo ? undefined : full.at(q);
}
