/**
 * A SSIMULACRA2 score in words, for people: the bands the metric's author gives (90 impossible to
 * tell apart at 1:1, 70 high quality, 50 medium, 30 low) with 80 — no difference visible side by
 * side, our default target — between them.
 */
const BANDS: ReadonlyArray<readonly [number, string]> = [
  [90, 'indistinguishable'],
  [80, 'very high'],
  [70, 'high'],
  [50, 'medium'],
  [30, 'low'],
];

export function scoreWords(score: number): string {
  for (const [floor, words] of BANDS) if (score >= floor) return words;
  return 'very low';
}
