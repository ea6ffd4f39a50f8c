import { startsWith, type FormatSpec } from './types.js';

/** TIFF is accepted as input only; its default output is PNG (lossless in, lossless out). */
export const tiff: FormatSpec<'tiff'> = {
  id: 'tiff',
  label: 'TIFF',
  mime: 'image/tiff',
  extension: 'tiff',
  detect: (b) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]),
};
