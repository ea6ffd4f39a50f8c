/**
 * Where the search starts: per format, the encoder quality at which the median Kodak photo reaches
 * a given SSIMULACRA2 score, and how fast the score rises with quality there. Measured with
 * this product's encoder settings (see docs/quality.md; regenerate with `npm run bench:quality`).
 * A good start saves encodes; a bad one only costs time, never correctness.
 */
import type { OutputFormat } from '../formats/index.js';

/** [score, quality] points, score ascending: the median Kodak photo's curve. */
type Curve = readonly (readonly [number, number])[];

const CURVES: Partial<Record<OutputFormat, Curve>> = {
  jpeg: [[40, 30], [53, 50], [61.5, 60], [67, 68], [72.5, 76], [75.2, 80], [78, 84], [80.8, 88], [85.8, 92], [90.2, 96], [95, 100]],
  webp: [[53, 40], [59, 50], [63.2, 60], [67.1, 70], [69.3, 75], [74.5, 80], [79.7, 85], [84.7, 90], [89.1, 95], [93, 100]],
  avif: [[45, 25], [55, 40], [65, 55], [75, 68], [80, 75], [85, 82], [90, 90], [95, 98]],
  png: [[50, 20], [60, 35], [70, 50], [80, 70], [85, 85], [90, 95], [95, 100]],
};

/** The predicted quality for `target`, by interpolating the format's curve. */
export function predictQuality(format: OutputFormat, target: number): number {
  const curve = CURVES[format];
  if (!curve) return 80;
  const first = curve[0]!;
  const last = curve[curve.length - 1]!;
  if (target <= first[0]) return first[1];
  if (target >= last[0]) return last[1];
  for (let i = 1; i < curve.length; i++) {
    const [s1, q1] = curve[i]!;
    const [s0, q0] = curve[i - 1]!;
    if (target <= s1) return Math.round(q0 + ((target - s0) * (q1 - q0)) / (s1 - s0));
  }
  return last[1];
}

/** Score points per quality step near `target` (the curve's local slope), never below 0.2. */
export function scoreSlope(format: OutputFormat, target: number): number {
  const ds = 2;
  const dq = predictQuality(format, target + ds) - predictQuality(format, target - ds);
  return Math.max(0.2, dq > 0 ? (2 * ds) / dq : 1);
}
