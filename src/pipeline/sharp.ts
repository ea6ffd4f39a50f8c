/** The one place that loads sharp, after ./vips-env.ts has set libvips' environment. */
import './vips-env.js';
import sharp from 'sharp';

// P3 and P5: libvips' operation cache would hold decoded pixels of earlier requests.
sharp.cache(false);

export { sharp };
export type { Sharp } from 'sharp';
