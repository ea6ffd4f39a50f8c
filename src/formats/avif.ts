import { ascii, scaleEffort, type FormatSpec } from './types.js';

/** Brands that make an ISO-BMFF file an AVIF image (still or sequence). HEIC brands are not here. */
const AVIF_BRANDS = new Set(['avif', 'avis']);

function hasAvifBrand(b: Uint8Array): boolean {
  if (b.length < 16 || ascii(b, 4, 4) !== 'ftyp') return false;
  const boxSize = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  const end = Math.min(boxSize, b.length);
  if (AVIF_BRANDS.has(ascii(b, 8, 4))) return true;
  // Compatible brands follow the major brand and the minor version.
  for (let offset = 16; offset + 4 <= end; offset += 4) {
    if (AVIF_BRANDS.has(ascii(b, offset, 4))) return true;
  }
  return false;
}

/** AVIF through libheif and libaom. */
export const avif: FormatSpec<'avif'> = {
  id: 'avif',
  label: 'AVIF',
  mime: 'image/avif',
  extension: 'avif',
  detect: hasAvifBrand,
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
  },
};
