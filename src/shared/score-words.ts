/**
 * A SSIMULACRA2 score in words, for people, on the page and in the terminal alike: the bands the
 * metric's author gives (90 impossible to tell apart at 1:1, 70 high quality, 50 medium, 30 low)
 * with 80 — no difference visible side by side, the default target — between them.
 */
export const SCORE_BANDS: ReadonlyArray<readonly [floor: number, words: string]> = [
  [90, 'indistinguishable'],
  [80, 'very high'],
  [70, 'high'],
  [50, 'medium'],
  [30, 'low'],
];

/** Below the lowest band. */
const BELOW_BANDS = 'very low';

export function scoreWords(score: number): string {
  for (const [floor, words] of SCORE_BANDS) if (score >= floor) return words;
  return BELOW_BANDS;
}
