/**
 * Colour for SSIMULACRA2: 8-bit sRGB → linear RGB (the space the pyramid is downsampled in), row by
 * row in the kernels' memory, and the pyramid's halving. The pixel loops are kernels
 * (./kernels/assembly/metric.ts: srgbRow, downsampleRow), as is the step on to XYB (linearToXyb:
 * libjxl's opsin absorbance, cube root with its bias, shifted into 0…1 the way SSIMULACRA 2.1 does).
 */
import type { RgbPixels } from '../pixels.js';
import type { Arena, Row } from './kernels/index.js';

/**
 * Linear-light RGB, one row at a time, in the kernels' memory: `row(y)` returns the offsets of the
 * R, G and B rows of row y (each `width` floats, 16-byte aligned), valid until the next call.
 */
export interface LinearSource {
  readonly width: number;
  readonly height: number;
  row(y: number): readonly [r: number, g: number, b: number];
}

function srgbToLinear(v: number): number {
  return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
}

const LINEAR_OF_BYTE = Float32Array.from({ length: 256 }, (_, i) => srgbToLinear(i / 255));

/**
 * 8-bit pixels as linear light, decoded row by row into the arena (./kernels: srgbRow). With 4
 * channels, colour is blended onto the grey `background` (0…1, in encoded sRGB) by alpha before
 * linearising — what the reference does with transparency — in TypeScript, for the pixels that
 * are not opaque.
 */
export class ByteSource implements LinearSource {
  readonly width: number;
  readonly height: number;
  private readonly bytes: number;
  private readonly lut: number;
  private readonly rgb: readonly [Row, Row, Row];
  private readonly ptrs: readonly [number, number, number];

  constructor(
    private readonly arena: Arena,
    private readonly pixels: RgbPixels,
    private readonly background: number,
  ) {
    this.width = pixels.width;
    this.height = pixels.height;
    this.bytes = arena.allocBytes(pixels.width * pixels.channels);
    this.lut = arena.allocBytes(256 * 4);
    arena.floats().set(LINEAR_OF_BYTE, this.lut / 4);
    this.rgb = [arena.alloc(this.width), arena.alloc(this.width), arena.alloc(this.width)];
    this.ptrs = [this.rgb[0].ptr, this.rgb[1].ptr, this.rgb[2].ptr];
  }

  row(y: number): readonly [number, number, number] {
    const { data, channels } = this.pixels;
    const w = this.width;
    const start = y * w * channels;
    this.arena.bytes().set(data.subarray(start, start + w * channels), this.bytes);
    this.arena.kernels.srgbRow(this.bytes, channels, this.lut, this.ptrs[0], this.ptrs[1], this.ptrs[2], w);
    if (channels === 4) this.blendTransparent(start);
    return this.ptrs;
  }

  private blendTransparent(start: number): void {
    const data = this.pixels.data;
    const bg = this.background;
    const floats = this.arena.floats();
    const [r, g, b] = this.ptrs.map((p) => p / 4) as [number, number, number];
    for (let x = 0, i = start; x < this.width; x++, i += 4) {
      const a = data[i + 3]!;
      if (a === 255) continue;
      const alpha = a / 255;
      const rest = (1 - alpha) * bg;
      floats[r + x] = srgbToLinear(Math.fround(alpha * (data[i]! / 255) + rest));
      floats[g + x] = srgbToLinear(Math.fround(alpha * (data[i + 1]! / 255) + rest));
      floats[b + x] = srgbToLinear(Math.fround(alpha * (data[i + 2]! / 255) + rest));
    }
  }
}

/** Linear RGB held as three planes in the kernels' memory, rows `stride` floats apart (the downsampled scales). */
export class PlaneSource implements LinearSource {
  private readonly ptrs: [number, number, number] = [0, 0, 0];

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly planes: readonly [number, number, number],
    private readonly stride: number,
  ) {}

  row(y: number): readonly [number, number, number] {
    const offset = y * this.stride * 4;
    this.ptrs[0] = this.planes[0] + offset;
    this.ptrs[1] = this.planes[1] + offset;
    this.ptrs[2] = this.planes[2] + offset;
    return this.ptrs;
  }
}

/** Rows [start, start + height) of a source, seen as an image of their own. */
export class RowWindow implements LinearSource {
  constructor(
    private readonly src: LinearSource,
    private readonly start: number,
    readonly height: number,
  ) {}
  get width(): number {
    return this.src.width;
  }
  row(y: number): readonly [number, number, number] {
    return this.src.row(this.start + y);
  }
}

/** The size of the next scale: both sides halved, rounded up. */
export function halved(width: number, height: number): { width: number; height: number } {
  return { width: Math.ceil(width / 2), height: Math.ceil(height / 2) };
}

/**
 * Halves a source by 2×2 box averages in linear light (odd edges repeat their last pixel) while its
 * rows are read for something else: wrap the source, read every row once, in order, through the
 * wrapper, and `result()` is the next scale. Its planes are allocated in `arena` when the tap is made.
 */
export class DownsampleTap implements LinearSource {
  readonly width: number;
  readonly height: number;
  private readonly out: PlaneSource;
  private next = 0;

  constructor(
    private readonly src: LinearSource,
    private readonly arena: Arena,
  ) {
    this.width = src.width;
    this.height = src.height;
    const { width: ow, height: oh } = halved(src.width, src.height);
    const stride = Math.ceil(ow / 4) * 4;
    const planes = [0, 1, 2].map(() => arena.allocBytes(stride * oh * 4)) as [number, number, number];
    this.out = new PlaneSource(ow, oh, planes, stride);
  }

  row(y: number): readonly [number, number, number] {
    if (y !== this.next) throw new Error(`downsampling reads rows in order: expected ${this.next}, got ${y}`);
    this.next++;
    const rgb = this.src.row(y);
    const target = this.out.row(y >> 1);
    const k = this.arena.kernels;
    const w = this.width;
    for (let c = 0; c < 3; c++) k.downsampleRow(rgb[c]!, target[c]!, w, y & 1);
    // An odd last row is its own lower neighbour.
    if ((y & 1) === 0 && y === this.height - 1) for (let c = 0; c < 3; c++) k.downsampleRow(rgb[c]!, target[c]!, w, 1);
    return rgb;
  }

  /** The half-size image, once every row has been read. */
  result(): PlaneSource {
    if (this.next !== this.height) throw new Error(`downsampling needs every row: read ${this.next} of ${this.height}`);
    return this.out;
  }
}

/** Halves `src` (see DownsampleTap), reading it only for that. */
export function downsample(src: LinearSource, arena: Arena): PlaneSource {
  const tap = new DownsampleTap(src, arena);
  for (let y = 0; y < src.height; y++) tap.row(y);
  return tap.result();
}
