/**
 * Colour for SSIMULACRA2: 8-bit sRGB → linear RGB (the space the pyramid is downsampled in), row by
 * row on planar Float32Arrays. The step on to XYB (libjxl's opsin absorbance, cube root with its
 * bias, shifted into 0…1 the way SSIMULACRA 2.1 does) is a SIMD kernel: linearToXyb in
 * ./kernels/assembly/metric.ts.
 */

/** Interleaved 8-bit sRGB pixels, 3 (RGB) or 4 (RGBA) channels, rows top to bottom. */
export interface RgbPixels {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
}

/** Linear-light RGB, readable one row at a time. */
export interface LinearSource {
  readonly width: number;
  readonly height: number;
  readRow(y: number, r: Float32Array, g: Float32Array, b: Float32Array): void;
}

function srgbToLinear(v: number): number {
  return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
}

const LINEAR_OF_BYTE = Float32Array.from({ length: 256 }, (_, i) => srgbToLinear(i / 255));

/**
 * 8-bit pixels as linear light. With 4 channels, colour is blended onto the grey `background`
 * (0…1, in encoded sRGB) by alpha before linearising — what the reference does with transparency.
 */
export class ByteSource implements LinearSource {
  readonly width: number;
  readonly height: number;

  constructor(
    private readonly pixels: RgbPixels,
    private readonly background: number,
  ) {
    this.width = pixels.width;
    this.height = pixels.height;
  }

  readRow(y: number, r: Float32Array, g: Float32Array, b: Float32Array): void {
    const { data, channels } = this.pixels;
    const w = this.width;
    let i = y * w * channels;
    if (channels === 3) {
      for (let x = 0; x < w; x++, i += 3) {
        r[x] = LINEAR_OF_BYTE[data[i]!]!;
        g[x] = LINEAR_OF_BYTE[data[i + 1]!]!;
        b[x] = LINEAR_OF_BYTE[data[i + 2]!]!;
      }
      return;
    }
    const bg = this.background;
    for (let x = 0; x < w; x++, i += 4) {
      const a = data[i + 3]!;
      if (a === 255) {
        r[x] = LINEAR_OF_BYTE[data[i]!]!;
        g[x] = LINEAR_OF_BYTE[data[i + 1]!]!;
        b[x] = LINEAR_OF_BYTE[data[i + 2]!]!;
      } else {
        const alpha = a / 255;
        const rest = (1 - alpha) * bg;
        r[x] = srgbToLinear(Math.fround(alpha * (data[i]! / 255) + rest));
        g[x] = srgbToLinear(Math.fround(alpha * (data[i + 1]! / 255) + rest));
        b[x] = srgbToLinear(Math.fround(alpha * (data[i + 2]! / 255) + rest));
      }
    }
  }
}

/** Linear RGB held as three planes (the downsampled scales). */
export class PlaneSource implements LinearSource {
  constructor(
    readonly width: number,
    readonly height: number,
    readonly r: Float32Array,
    readonly g: Float32Array,
    readonly b: Float32Array,
  ) {}

  readRow(y: number, r: Float32Array, g: Float32Array, b: Float32Array): void {
    const from = y * this.width;
    const to = from + this.width;
    r.set(this.r.subarray(from, to));
    g.set(this.g.subarray(from, to));
    b.set(this.b.subarray(from, to));
  }
}

/** Halves both sides by 2×2 box averages in linear light; odd edges repeat their last pixel. */
export function downsample(src: LinearSource): PlaneSource {
  const w = src.width;
  const h = src.height;
  const ow = Math.ceil(w / 2);
  const oh = Math.ceil(h / 2);
  const out = [new Float32Array(ow * oh), new Float32Array(ow * oh), new Float32Array(ow * oh)] as const;
  const rows0 = [new Float32Array(w), new Float32Array(w), new Float32Array(w)] as const;
  const rows1 = [new Float32Array(w), new Float32Array(w), new Float32Array(w)] as const;
  for (let oy = 0; oy < oh; oy++) {
    src.readRow(2 * oy, rows0[0], rows0[1], rows0[2]);
    src.readRow(Math.min(2 * oy + 1, h - 1), rows1[0], rows1[1], rows1[2]);
    for (let c = 0; c < 3; c++) {
      const a = rows0[c]!;
      const b = rows1[c]!;
      const o = out[c]!;
      const base = oy * ow;
      for (let ox = 0; ox < ow; ox++) {
        const x0 = 2 * ox;
        const x1 = Math.min(x0 + 1, w - 1);
        o[base + ox] = (a[x0]! + a[x1]! + b[x0]! + b[x1]!) * 0.25;
      }
    }
  }
  return new PlaneSource(ow, oh, out[0], out[1], out[2]);
}
