import type { RgbPixels } from '../pixels.js';

/**
 * SSIMULACRA2 needs 8×8 pixels at least. Smaller images (icons) are scored with their edges
 * repeated up to that size, which weighs every real pixel as before.
 */
export function padForMetric(p: RgbPixels, min = 8): RgbPixels {
  if (p.width >= min && p.height >= min) return p;
  const width = Math.max(min, p.width);
  const height = Math.max(min, p.height);
  const c = p.channels;
  const data = new Uint8Array(width * height * c);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(y, p.height - 1);
    for (let x = 0; x < width; x++) {
      const sx = Math.min(x, p.width - 1);
      data.set(p.data.subarray((sy * p.width + sx) * c, (sy * p.width + sx + 1) * c), (y * width + x) * c);
    }
  }
  return { data, width, height, channels: c };
}
