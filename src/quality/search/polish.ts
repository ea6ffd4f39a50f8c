/**
 * For formats with noisy scores (tuning.ts, scoresAreNoisy): once an answer is found, the
 * qualities just below it are tried at full size, and a smaller file that still reaches the
 * target wins. It stops after a few misses in a row.
 */
import { QUALITY_RANGE } from './job.js';
import type { FullCandidate, FullEvaluator } from './full-evaluator.js';

const POLISH_STEPS = 3;

export async function polish(full: FullEvaluator, found: FullCandidate, target: number): Promise<FullCandidate> {
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
