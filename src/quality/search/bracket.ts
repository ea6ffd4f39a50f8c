/**
 * Where the answer can still be: scores rise with quality, so the lowest quality that passed and
 * the highest that failed below it bracket the lowest passing quality. A quality at or above the
 * one that passed, or at or below the one that failed, cannot improve on what is known.
 */

export interface Bracket {
  /** The lowest quality in range whose score reached the target; `hi + 1` when none did. */
  readonly passing: number;
  /** The highest quality in range below `passing` whose score fell short; `lo - 1` when none did. */
  readonly failing: number;
}

/** The bracket that `scores` (quality, score) make for `target` within [lo, hi]. */
export function bracket(scores: Iterable<readonly [number, number]>, target: number, lo: number, hi: number): Bracket {
  const known = [...scores].filter(([q]) => q >= lo && q <= hi);
  let passing = hi + 1;
  for (const [q, s] of known) if (s >= target && q < passing) passing = q;
  let failing = lo - 1;
  for (const [q, s] of known) if (s < target && q < passing && q > failing) failing = q;
  return { passing, failing };
}

/** True once nothing lies between the bracket's two ends: `passing` is the answer (or there is none). */
export function isClosed({ passing, failing }: Bracket): boolean {
  return passing - failing <= 1;
}
