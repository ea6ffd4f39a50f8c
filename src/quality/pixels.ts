/**
 * The pixels the metric and the search share: decoded 8-bit sRGB, and the two helpers both need.
 * Nothing here knows about encoders or the metric's maths.
 */

/** Interleaved 8-bit sRGB pixels, 3 (RGB) or 4 (RGBA) channels, rows top to bottom. */
export interface RgbPixels {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
}

/** True when the pixels carry an alpha channel that is not fully opaque everywhere. */
export function hasTransparency(p: RgbPixels): boolean {
  if (p.channels !== 4) return false;
  const d = p.data;
  for (let i = 3; i < d.length; i += 4) if (d[i] !== 255) return true;
  return false;
}

/** The same pixels without their alpha channel (for one that is opaque everywhere: scored once, not twice). */
export function withoutAlpha(p: RgbPixels): RgbPixels {
  if (p.channels === 3) return p;
  const n = p.width * p.height;
  const out = new Uint8Array(n * 3);
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    out[i * 3] = p.data[j]!;
    out[i * 3 + 1] = p.data[j + 1]!;
    out[i * 3 + 2] = p.data[j + 2]!;
  }
  return { data: out, width: p.width, height: p.height, channels: 3 };
}
