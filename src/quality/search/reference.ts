/**
 * The reference a candidate is scored against: the upload as the viewer would see it at the output
 * size — EXIF orientation applied, resized to the plan's size, and flattened onto the chosen
 * background when the output format has no alpha (the flattening is the user's choice, not damage
 * to measure). Decoded once, to 8-bit sRGB.
 */
import { libvipsFailure } from '../../pipeline/libvips-failure.js';
import type { PipelineLimits } from '../../pipeline/limits.js';
import type { CompressOptions } from '../../pipeline/options.js';
import { sharp } from '../../pipeline/sharp.js';
import type { Plan } from '../../pipeline/steps/plan.js';
import { inSharedMemory } from '../metric/worker-pool.js';
import { hasTransparency, withoutAlpha, type RgbPixels } from '../pixels.js';

export async function referencePixels(input: Uint8Array, plan: Plan, options: Pick<CompressOptions, 'background'>, limits: PipelineLimits): Promise<RgbPixels> {
  let image = sharp(input, { animated: plan.animated, limitInputPixels: limits.maxPixels }).autoOrient();
  // Exactly the plan's size, so that every candidate lines up pixel for pixel.
  if (plan.resized) image = image.resize(plan.width, plan.height, { fit: 'fill' });
  if (plan.flatten) image = image.flatten({ background: options.background });
  // The search decodes the upload before the encode step does: a damaged image is noticed here
  // first and must be the same CORRUPT_IMAGE, not an INTERNAL error (found by npm run fuzz).
  const { data, info } = await image
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
    .catch((cause: unknown) => {
      throw libvipsFailure(cause);
    });
  if (info.channels !== 3 && info.channels !== 4) throw new Error(`unexpected channel count ${info.channels}`);
  const pixels: RgbPixels = { data, width: info.width, height: info.height, channels: info.channels };
  return inSharedMemory(pixels.channels === 4 && !hasTransparency(pixels) ? withoutAlpha(pixels) : pixels);
}
