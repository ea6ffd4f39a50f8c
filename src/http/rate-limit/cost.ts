/**
 * The weight of one compression in its client's bucket: the work it asks for, not one per request
 * (otherwise the client chooses how expensive its quota is: format=auto at effort 10 on 50 MP
 * costs hundreds of times a plain JPEG re-encode). docs/api.md shows the same table.
 *
 * Before the body is read, the weight of the options in the query string is taken. After the
 * upload is in memory (its form fields read, the image header probed), the rest is taken: the
 * weight of the final options plus the pixels, minus what was already paid. A request whose rest
 * the bucket cannot pay gets 429 before any encoding starts.
 */
import type { CompressOptions } from '../../pipeline/options.js';

type CostOptions = Pick<CompressOptions, 'format' | 'quality' | 'target' | 'maxBytes' | 'effort'>;

/** Every compression. */
const BASE_COST = 1;
/** quality=auto, target or maxBytes: the search encodes and scores several candidates. */
const QUALITY_SEARCH_COST = 2;
/** format=auto: the quality search, once per candidate format (up to four). */
const FORMAT_SEARCH_COST = 4;
/** effort 7–8, and 9–10: the slowest encoder settings (AVIF at 10 takes many times longer). */
const HIGH_EFFORT_COST = 1;
const HIGHEST_EFFORT_COST = 2;
/** One more for every started block of this many pixels beyond the first (width × height × frames). */
const PIXELS_PER_COST = 10_000_000;

export function optionsCost(options: CostOptions): number {
  let cost = BASE_COST;
  if (options.format === 'auto') cost += FORMAT_SEARCH_COST;
  else if (options.quality === 'auto' || options.target !== undefined || options.maxBytes !== undefined) cost += QUALITY_SEARCH_COST;
  if (options.effort !== undefined && options.effort >= 9) cost += HIGHEST_EFFORT_COST;
  else if (options.effort !== undefined && options.effort >= 7) cost += HIGH_EFFORT_COST;
  return cost;
}

export function pixelCost(pixels: number): number {
  return Math.max(0, Math.ceil(pixels / PIXELS_PER_COST) - 1);
}
