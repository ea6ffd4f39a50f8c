/**
 * SSIMULACRA2 for encoded images: decode both with sharp to 8-bit sRGB (EXIF orientation applied,
 * ICC profiles converted to sRGB, transparency kept for the metric to blend as the reference does)
 * and score. The metric itself is in ./ssimulacra2-core.ts; scoreImages runs it in worker threads
 * (./worker-pool.ts).
 */
import { sharp } from '../../pipeline/sharp.js';
import { scoreInWorkers } from './worker-pool.js';
import { hasTransparency, withoutAlpha, type RgbPixels } from '../pixels.js';

export { MIN_SIDE, prepareReference, ssimulacra2 } from './ssimulacra2-core.js';
export type { RgbPixels } from '../pixels.js';

/**
 * Decodes any image sharp reads into 8-bit sRGB pixels: RGB, or RGBA when it has transparency.
 * `animated`: all frames, stacked top to bottom (scored as one tall image).
 */
export async function decodeToRgb(bytes: Uint8Array, { animated = false }: { animated?: boolean } = {}): Promise<RgbPixels> {
  const { data, info } = await sharp(bytes, { limitInputPixels: false, animated })
    .autoOrient()
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const channels = info.channels;
  if (channels === 3 || channels === 4) {
    const pixels: RgbPixels = { data, width: info.width, height: info.height, channels };
    // An alpha channel that is opaque everywhere changes nothing; drop it to score once, not twice.
    return channels === 4 && !hasTransparency(pixels) ? withoutAlpha(pixels) : pixels;
  }
  throw new Error(`unexpected channel count ${channels} after conversion to sRGB`);
}

/**
 * SSIMULACRA 2.1 score of `distorted` against `reference` (encoded images of the same size):
 * 100 = identical, 90 = invisible at 1:1, 70 = high quality, 50 = medium, 30 = low.
 */
export async function scoreImages(reference: Uint8Array, distorted: Uint8Array): Promise<number> {
  const [a, b] = await Promise.all([decodeToRgb(reference), decodeToRgb(distorted)]);
  return scoreInWorkers(a, b);
}
