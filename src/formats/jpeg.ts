import { SIGNATURES } from '../shared/signatures.js';
import { scaleEffort, type FormatSpec } from './types.js';

/**
 * JPEG through mozjpeg (bundled with sharp): trellis quantisation, overshoot deringing, optimised
 * progressive scans and quantisation table 3. Chroma is subsampled 4:2:0 below quality 90, where
 * the saving outweighs the loss; 4:4:4 above it, where colour edges start to matter.
 */
export const jpeg: FormatSpec<'jpeg'> = {
  id: 'jpeg',
  label: 'JPEG',
  mime: 'image/jpeg',
  extension: 'jpg',
  detect: SIGNATURES.jpeg,
  encoder: {
    defaultQuality: 75,
    defaultEffort: 10,
    supportsAlpha: false,
    supportsAnimation: false,
    maxDimension: 65535,
    supportsLossless: false,
    autoChroma: (quality) => (quality >= 90 ? '4:4:4' : '4:2:0'),
    apply: (image, s) =>
      image.jpeg({
        quality: s.quality,
        mozjpeg: true,
        progressive: s.progressive,
        // Scan optimisation is the slow part of mozjpeg; low efforts skip it.
        optimiseScans: s.progressive && scaleEffort(s.effort, 0, 1) === 1,
        chromaSubsampling: s.chromaSubsampling,
      }),
    // Scan layout and Huffman coding change only the bytes, not the decoded pixels (trellis
    // quantisation and deringing decide those): about a third less time per trial encode.
    applyForScoring: (image, s) =>
      image.jpeg({
        quality: s.quality,
        mozjpeg: true,
        progressive: false,
        optimiseScans: false,
        optimiseCoding: false,
        chromaSubsampling: s.chromaSubsampling,
      }),
  },
};
