/**
 * Where the search starts: per format, the encoder quality at which the median Kodak photo reaches
 * a given SSIMULACRA2 score, and how fast the score rises with quality there. Measured on the 24
 * Kodak photos with this product's encoder settings at their default effort (docs/defaults.md).
 * A good start saves encodes; a bad one only costs time, never correctness.
 */
import type { OutputFormat } from '../../formats/index.js';

/** [score, quality] points, score ascending: the median Kodak photo's curve. */
type Curve = readonly (readonly [number, number])[];

const CURVES: Partial<Record<OutputFormat, Curve>> = {
  // JPEG jumps at 90, where chroma subsampling turns off (4:4:4).
  jpeg: [[50, 40], [57.4, 50], [61.9, 60], [65.3, 65], [67.8, 70], [72, 75], [73.7, 78], [75.2, 80], [76.2, 82], [78, 84], [79.5, 86], [80.8, 88], [84.5, 90], [85.8, 92], [88.7, 95], [93, 100]],
  webp: [[53, 40], [59, 50], [63.2, 60], [65.3, 65], [67.1, 70], [69.3, 75], [74.5, 80], [79.7, 85], [84.7, 90], [89.1, 95], [93, 100]],
  avif: [[32.7, 30], [50, 40], [57.7, 45], [63.9, 50], [68.4, 55], [73.5, 60], [76.4, 65], [80, 70], [82.4, 75], [84.7, 80], [89.7, 90], [95, 100]],
  // A palette of 256 colours tops out near 80 on photos: above that only quality 100 is left.
  png: [[61.5, 30], [64, 40], [67.8, 50], [72.4, 60], [76.4, 70], [79.8, 80], [80.2, 90], [87, 100]],
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
