/**
 * The lowest integer setting whose score reaches a target, for a score that rises with the setting
 * (encoder quality → SSIMULACRA2). Not a blind bisection: it starts from a prediction, steps by the
 * expected slope until the target is bracketed, then interpolates inside the bracket (falling back
 * to halving when interpolation stalls). Scores already measured — for another target, or in an
 * earlier round — are reused, so re-aiming after a calibration is cheap.
 */
import { bracket, isClosed } from './bracket.js';

export interface LowestPassingQuery {
  /** Measures the score at a setting. Called at most once per setting per `scores` map. */
  readonly evaluate: (q: number) => Promise<number>;
  /** Scores known so far, by setting; filled in as the search measures. */
  readonly scores: Map<number, number>;
  readonly target: number;
  readonly lo: number;
  readonly hi: number;
  /** Where to look first when nothing in range is known yet. */
  readonly guess: number;
  /** Expected score gain per setting step near the target (> 0). */
  readonly slope: number;
  /**
   * The encoder may saturate: above some setting its output stops changing (libimagequant once
   * the palette has all its colours). Two failing settings with exactly the same score show it,
   * and then `hi` is measured next instead of every step up to it.
   */
  readonly saturates?: boolean;
  /**
   * Measure the setting just below each one picked at the same time (when not yet known): an
   * answer at q needs q − 1 measured too, so a good pick then settles the search in one round.
   */
  readonly pairs?: boolean;
}

/** True when another setting under `below` scored exactly `sBelow`: the same output. */
function saturatedBelow(scores: ReadonlyMap<number, number>, below: number, sBelow: number): boolean {
  for (const [q, s] of scores) if (q < below && s === sBelow) return true;
  return false;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/**
 * The lowest setting in [lo, hi] whose score is at least `target`, or undefined when even `hi`
 * falls short. With a non-monotonic score the answer is a setting that passes just above one that
 * fails, which is what a person searching by hand would accept too.
 */
export async function lowestPassing(query: LowestPassingQuery): Promise<number | undefined> {
  const { evaluate, scores, target, lo, hi, slope } = query;
  let lastWidth = Infinity;
  for (let step = 0; step < 2 * (hi - lo + 2); step++) {
    const known = bracket(scores, target, lo, hi);
    const { passing: above, failing: below } = known;
    if (isClosed(known)) return above <= hi ? above : undefined;

    const sBelow = scores.get(below);
    const sAbove = scores.get(above);
    let next: number;
    if (sBelow !== undefined && sAbove !== undefined) {
      const width = above - below;
      // Interpolate on the segment; halve instead when the last interpolation barely shrank it.
      next = width * 2 > lastWidth ? Math.floor((below + above) / 2) : below + Math.ceil(((target - sBelow) * width) / (sAbove - sBelow));
      lastWidth = width;
    } else if (sBelow !== undefined) {
      next = query.saturates && saturatedBelow(scores, below, sBelow) ? hi : below + Math.max(1, Math.ceil((target - sBelow) / slope));
    } else if (sAbove !== undefined) {
      next = above - Math.max(1, Math.floor((sAbove - target) / slope));
    } else {
      next = Math.round(query.guess);
    }
    next = clamp(next, below + 1, above - 1);
    if (query.pairs && next - 1 > below && !scores.has(next - 1)) {
      const [a, b] = await Promise.all([evaluate(next), evaluate(next - 1)]);
      scores.set(next, a);
      scores.set(next - 1, b);
    } else {
      scores.set(next, await evaluate(next));
    }
  }
  throw new Error('lowestPassing did not converge');
}
