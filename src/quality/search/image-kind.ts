/**
 * Photo or graphic? format=auto tries PNG (and keeps WebP) for graphics — logos, screenshots,
 * diagrams, flat illustrations — where a palette or lossless coding often beats transform codecs.
 * A graphic has few distinct colours: we count them on a sample of pixels.
 */
import type { RgbPixels } from '../pixels.js';

/** At most this many distinct colours among the sampled pixels makes an image a graphic. */
const GRAPHIC_COLOURS = 1024;
const SAMPLE = 65536;

export function looksLikeGraphic(p: RgbPixels): boolean {
  const n = p.width * p.height;
  const step = Math.max(1, Math.floor(n / SAMPLE));
  const seen = new Set<number>();
  for (let i = 0; i < n; i += step) {
    const o = i * p.channels;
    // Fully transparent pixels have no visible colour.
    if (p.channels === 4 && p.data[o + 3] === 0) continue;
    seen.add((p.data[o]! << 16) | (p.data[o + 1]! << 8) | p.data[o + 2]!);
    if (seen.size > GRAPHIC_COLOURS) return false;
  }
  return true;
}
