import { SIGNATURES } from '../shared/signatures.js';
import { scaleEffort, type FormatSpec } from './types.js';

/**
 * PNG either quantised to a palette with libimagequant (lossy, the way TinyPNG gets its savings:
 * `quality` is the quantiser's target) or stored losslessly at the highest zlib level with
 * adaptive filtering.
 */
export const png: FormatSpec<'png'> = {
  id: 'png',
  label: 'PNG',
  mime: 'image/png',
  extension: 'png',
  detect: SIGNATURES.png,
  encoder: {
    defaultQuality: 80,
    defaultEffort: 7,
    supportsAlpha: true,
    supportsAnimation: false,
    maxDimension: 2_147_483_647,
    supportsLossless: true,
    autoChroma: () => '4:4:4',
    apply: (image, s) =>
      s.palette && !s.lossless
        ? image.png({
            palette: true,
            quality: s.quality,
            effort: scaleEffort(s.effort, 1, 10),
            compressionLevel: 9,
            progressive: s.progressive,
          })
        : image.png({
            palette: false,
            compressionLevel: 9,
            adaptiveFiltering: true,
            progressive: s.progressive,
          }),
    // Deflate level and interlacing change only the bytes; the palette and its dithering (quality
    // and effort) decide the pixels. Deflate at level 9 is up to a third of a palette encode's time
    // on a photo (libimagequant's palette search is the rest).
    applyForScoring: (image, s) =>
      s.palette && !s.lossless
        ? image.png({ palette: true, quality: s.quality, effort: scaleEffort(s.effort, 1, 10), compressionLevel: 0, progressive: false })
        : image.png({ palette: false, compressionLevel: 0, progressive: false }),
  },
};
