/**
 * The reference a candidate is scored against: the upload as the viewer would see it at the output
 * size — EXIF orientation applied, resized to the plan's size, and flattened onto the chosen
 * background when the output format has no alpha (the flattening is the user's choice, not damage
 * to measure). Decoded once, to 8-bit sRGB.
 */
import type { PipelineLimits } from '../pipeline/limits.js';
import type { CompressOptions } from '../pipeline/options.js';
import { sharp } from '../pipeline/sharp.js';
import type { Plan } from '../pipeline/steps/plan.js';
import { inSharedMemory } from './metric-pool.js';
import { hasTransparency } from './ssimulacra2-core.js';
import type { RgbPixels } from './xyb.js';

export async function referencePixels(input: Uint8Array, plan: Plan, options: Pick<CompressOptions, 'background'>, limits: PipelineLimits): Promise<RgbPixels> {
  let image = sharp(input, { animated: plan.animated, limitInputPixels: limits.maxPixels }).autoOrient();
  // Exactly the plan's size, so that every candidate lines up pixel for pixel.
  if (plan.resized) image = image.resize(plan.width, plan.height, { fit: 'fill' });
  if (plan.flatten) image = image.flatten({ background: options.background });
  const { data, info } = await image.toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 && info.channels !== 4) throw new Error(`unexpected channel count ${info.channels}`);
  const pixels: RgbPixels = { data, width: info.width, height: info.height, channels: info.channels };
  return inSharedMemory(pixels.channels === 4 && !hasTransparency(pixels) ? withoutAlpha(pixels) : pixels);
}

export function withoutAlpha(p: RgbPixels): RgbPixels {
  if (p.channels === 3) return p;
  const n = p.width * p.height;
  const out = new Uint8Array(n * 3);
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    out[i * 3] = p.data[j]!;
    out[i * 3 + 1] = p.data[j + 1]!;
    out[i * 3 + 2] = p.data[j + 2]!;
  }
  return { data: out, width: p.width, height: p.height, channels: 3 };
}

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
