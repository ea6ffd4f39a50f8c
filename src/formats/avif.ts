import { SIGNATURES } from '../shared/signatures.js';
import { scaleEffort, type FormatSpec } from './types.js';

/**
 * libheif maps quality 1–100 onto libaom's 64 quantizer levels: the first quality of each level,
 * measured by encoding at every quality (test/formats/same-output.test.ts checks all 100 against
 * the encoder, so a libheif that maps differently fails it).
 */
const LEVEL_STARTS = [
  1, 3, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 35, 37, 39, 40, 42, 44, 45, 47, 49, 50, 52, 54, 55, 56, 58, 59, 60, 62, 63, 64, 66, 67, 68, 70, 71, 72, 74, 75, 76, 78,
  79, 80, 82, 83, 84, 86, 87, 88, 90, 91, 92, 94, 95, 96, 98, 99, 100,
] as const;

/** The first quality of `quality`'s level (qualities outside 1–100 are left as they are). */
function avifLevelStart(quality: number): number {
  if (quality < 1 || quality > 100) return quality;
  let start: number = LEVEL_STARTS[0];
  for (const q of LEVEL_STARTS) if (q <= quality) start = q;
  return start;
}

/** AVIF through libheif and libaom. */
export const avif: FormatSpec<'avif'> = {
  id: 'avif',
  label: 'AVIF',
  mime: 'image/avif',
  extension: 'avif',
  detect: SIGNATURES.avif,
  encoder: {
    defaultQuality: 60,
    defaultEffort: 4,
    supportsAlpha: true,
    supportsAnimation: false,
    maxDimension: 16384,
    supportsLossless: true,
    autoChroma: (quality) => (quality >= 90 ? '4:4:4' : '4:2:0'),
    apply: (image, s) =>
      image.avif({
        quality: s.quality,
        lossless: s.lossless,
        effort: scaleEffort(s.effort, 0, 9),
        chromaSubsampling: s.lossless ? '4:4:4' : s.chromaSubsampling,
        bitdepth: 8,
      }),
    sameOutputFrom: avifLevelStart,
  },
};
