import { SIGNATURES } from '../shared/signatures.js';
import { scaleEffort, type FormatSpec } from './types.js';

/** GIF (still or animated) through cgif; output only as the default for GIF input or when asked. */
export const gif: FormatSpec<'gif'> = {
  id: 'gif',
  label: 'GIF',
  mime: 'image/gif',
  extension: 'gif',
  detect: SIGNATURES.gif,
  encoder: {
    defaultQuality: 80,
    defaultEffort: 7,
    supportsAlpha: true,
    supportsAnimation: true,
    maxDimension: 65535,
    supportsLossless: false,
    autoChroma: () => '4:4:4',
    apply: (image, s) => image.gif({ effort: scaleEffort(s.effort, 1, 10), reuse: true }),
  },
};
