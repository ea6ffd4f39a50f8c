import { SIGNATURES } from '../shared/signatures.js';
import type { FormatSpec } from './types.js';

/** TIFF is accepted as input only; its default output is PNG (lossless in, lossless out). */
export const tiff: FormatSpec<'tiff'> = {
  id: 'tiff',
  label: 'TIFF',
  mime: 'image/tiff',
  extension: 'tiff',
  detect: SIGNATURES.tiff,
};
