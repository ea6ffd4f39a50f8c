import { SIGNATURES } from '../shared/signatures.js';
import { scaleEffort, type FormatSpec } from './types.js';

/**
 * WebP through libwebp. Lossy with "smart" chroma subsampling (sharper colour edges for the same
 * bytes), or lossless. The alpha plane is encoded at the same quality as the colour.
 */
export const webp: FormatSpec<'webp'> = {
  id: 'webp',
  label: 'WebP',
  mime: 'image/webp',
  extension: 'webp',
  detect: SIGNATURES.webp,
  encoder: {
    defaultQuality: 78,
    defaultEffort: 7,
    supportsAlpha: true,
    supportsAnimation: true,
    maxDimension: 16383,
    supportsLossless: true,
    autoChroma: () => '4:2:0',
    apply: (image, s) =>
      image.webp({
        quality: s.quality,
        lossless: s.lossless,
        effort: scaleEffort(s.effort, 0, 6),
        smartSubsample: s.chromaSubsampling === '4:2:0',
        // libwebp has no 4:4:4 lossy mode; "use_sharp_yuv" is the closest it offers.
        alphaQuality: s.quality,
      }),
  },
};
