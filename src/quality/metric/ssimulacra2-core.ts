/**
 * SSIMULACRA 2.1 (Jon Sneyers, Cloudinary; reference: cloudinary/ssimulacra2 and libjxl
 * tools/ssimulacra2.cc), ported onto typed arrays. For each of up to 6 scales (1:1 … 1:32, halved
 * in linear RGB) and each XYB channel it pools three error maps — SSIM without the luminance
 * denominator, "artifact" (edges the original lacks) and "detail lost" (edges the distorted image
 * lacks) — with a 1-norm and a 4-norm: 108 numbers, weighted, summed and mapped to a score that is
 * 100 for identical images and falls as damage grows (90 ≈ invisible at 1:1, 70 ≈ high quality,
 * 50 ≈ medium, 30 ≈ low).
 *
 * Everything streams row by row (see ./recursive-gaussian.ts), so a scale costs O(width) memory
 * beyond its downsampled linear planes, which are made while the scale above is read
 * (DownsampleTap). All of it lives in the kernels' memory (./kernels), where TypeScript only passes
 * pointers: no pixel is copied by JavaScript. A reference can be prepared once
 * (`prepareReference`) and scored against many candidates: its XYB planes, blurred means and
 * blurred squares are kept in a kernel memory of its own, which saves two of the five blurs per
 * candidate. Maps whose features all have zero weight are never computed (see NEEDS).
 */
import { metricArena, newArena, type Arena } from './kernels/index.js';
import { StreamingGaussian, border, createRecursiveGaussian } from './recursive-gaussian.js';
import { ByteSource, DownsampleTap, RowWindow, downsample, halved, type LinearSource } from './xyb.js';
import { hasTransparency, type RgbPixels } from '../pixels.js';

const NUM_SCALES = 6;
const GAUSSIAN = createRecursiveGaussian(1.5);
const RING = 2 * GAUSSIAN.radius + 1;
/** The reference refuses images smaller than this on either side. */
export const MIN_SIDE = 8;

// prettier-ignore
const WEIGHTS = [
  0.0, 0.0007376606707406586, 0.0, 0.0, 0.0007793481682867309, 0.0, 0.0, 0.0004371155730107379, 0.0,
  1.1041726426657346, 0.00066284834129271, 0.00015231632783718752, 0.0, 0.0016406437456599754, 0.0,
  1.8422455520539298, 11.441172603757666, 0.0, 0.0007989109436015163, 0.000176816438078653, 0.0,
  1.8787594979546387, 10.94906990605142, 0.0, 0.0007289346991508072, 0.9677937080626833, 0.0,
  0.00014003424285435884, 0.9981766977854967, 0.00031949755934435053, 0.0004550992113792063, 0.0, 0.0,
  0.0013648766163243398, 0.0, 0.0, 0.0, 0.0, 0.0, 7.466890328078848, 0.0, 17.445833984131262,
  0.0006235601634041466, 0.0, 0.0, 6.683678146179332, 0.00037724407979611296, 1.027889937768264,
  225.20515300849274, 0.0, 0.0, 19.213238186143016, 0.0011401524586618361, 0.001237755635509985,
  176.39317598450694, 0.0, 0.0, 24.43300999870476, 0.28520802612117757, 0.0004485436923833408, 0.0,
  0.0, 0.0, 34.77906344483772, 44.835625328877896, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
  0.0008680556573291698, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0005313191874358747, 0.0, 0.00016533814161379112,
  0.0, 0.0, 0.0, 0.0, 0.0, 0.0004179171803251336, 0.0017290828234722833, 0.0, 0.0020827005846636437,
  0.0, 0.0, 8.826982764996862, 23.19243343998926, 0.0, 95.1080498811086, 0.9863978034400682,
  0.9834382792465353, 0.0012286405048278493, 171.2667255897307, 0.9807858872435379, 0.0, 0.0, 0.0,
  0.0005130064588990679, 0.0, 0.00010854057858411537,
];

/** Per scale, per channel: 1-norm and 4-norm of SSIM, artifact and detail-lost maps. */
interface ScaleFeatures {
  /** [c*2 + n]: SSIM error, n = 0 mean, n = 1 4-norm. */
  readonly ssim: Float64Array;
  /** [c*4 + n]: artifact (n = 0, 1) and detail lost (n = 2, 3). */
  readonly edge: Float64Array;
}

/** The weighted sum of the features and the final nonlinear mapping of SSIMULACRA 2.1. */
function scoreFromFeatures(scales: readonly ScaleFeatures[]): number {
  let sum = 0;
  let i = 0;
  for (let c = 0; c < 3; c++) {
    for (const scale of scales) {
      for (let n = 0; n < 2; n++) {
        sum += WEIGHTS[i++]! * Math.abs(scale.ssim[c * 2 + n]!);
        sum += WEIGHTS[i++]! * Math.abs(scale.edge[c * 4 + n]!);
        sum += WEIGHTS[i++]! * Math.abs(scale.edge[c * 4 + n + 2]!);
      }
    }
  }
  let s = sum * 0.9562382616834844;
  s = 2.326765642916932 * s - 0.020884521182843837 * s * s + 6.248496625763138e-5 * s * s * s;
  return s > 0 ? 100 - 10 * Math.pow(s, 0.6276336467831387) : 100;
}

/**
 * Running sums of one scale: per channel [ssim, ssim⁴, artifact, artifact⁴, lost, lost⁴], in the
 * kernels' memory. The maps themselves are computed row by row by the SIMD kernels.
 */
class Accumulator {
  private readonly block: ReturnType<Arena['doubles']>;

  constructor(private readonly arena: Arena) {
    this.block = arena.doubles(18);
  }

  /** Adds one row of channel c (pointers to rows of the kernels' memory). */
  row(c: number, w: number, img1: number, img2: number, mu1: number, mu2: number, s11: number, s22: number, s12: number): void {
    this.arena.kernels.ssimEdgeRow(img1, img2, mu1, mu2, s11, s22, s12, w, this.block.ptr + c * 48);
  }

  /** Adds one row of channel c where only the edge maps count (SSIM weights are zero). */
  edgeRow(c: number, w: number, img1: number, img2: number, mu1: number, mu2: number): void {
    this.arena.kernels.edgeRow(img1, img2, mu1, mu2, w, this.block.ptr + c * 48);
  }

  get sums(): Float64Array {
    return this.block.read();
  }
}

/** Means and 4-norms from the sums of a whole scale. */
function featuresFromSums(s: Float64Array, pixels: number): ScaleFeatures {
  const ssim = new Float64Array(6);
  const edge = new Float64Array(12);
  const k = 1 / pixels;
  for (let c = 0; c < 3; c++) {
    ssim[c * 2] = s[c * 6]! * k;
    ssim[c * 2 + 1] = Math.sqrt(Math.sqrt(s[c * 6 + 1]! * k));
    edge[c * 4] = s[c * 6 + 2]! * k;
    edge[c * 4 + 1] = Math.sqrt(Math.sqrt(s[c * 6 + 3]! * k));
    edge[c * 4 + 2] = s[c * 6 + 4]! * k;
    edge[c * 4 + 3] = Math.sqrt(Math.sqrt(s[c * 6 + 5]! * k));
  }
  return { ssim, edge };
}

/**
 * What one channel of one scale needs. The 2.1 weights are zero for some features, so their maps
 * need not exist: at full resolution X and B have no SSIM weight, which leaves them needing only
 * their blurred means (2 blurs, not 5) — the scale that costs three quarters of the time. Skipping
 * a zero-weighted feature changes nothing in the score.
 */
type ChannelNeed = 'ssim+edge' | 'edge' | 'none';

function needOf(scale: number, c: number): ChannelNeed {
  const w = (n: number, map: number): number => WEIGHTS[c * 36 + scale * 6 + n * 3 + map]!;
  const ssim = w(0, 0) !== 0 || w(1, 0) !== 0;
  const edge = w(0, 1) !== 0 || w(1, 1) !== 0 || w(0, 2) !== 0 || w(1, 2) !== 0;
  return ssim ? 'ssim+edge' : edge ? 'edge' : 'none';
}

const NEEDS: readonly (readonly ChannelNeed[])[] = Array.from({ length: NUM_SCALES }, (_, s) => [0, 1, 2].map((c) => needOf(s, c)));

/**
 * Converts rows of a linear source to XYB (SIMD kernel) into a ring of recent rows, each with the
 * zero border the blur reads around its inputs, so that the blur takes them as they are.
 */
class XybRows {
  /** Per channel, `rows` row offsets. */
  private readonly ring: number[][];

  constructor(
    private readonly arena: Arena,
    private readonly src: LinearSource,
    private readonly rows: number,
  ) {
    this.ring = [0, 1, 2].map(() => Array.from({ length: rows }, () => arena.allocBordered(src.width, ...border(GAUSSIAN)).ptr));
  }

  load(y: number): void {
    const [r, g, b] = this.src.row(y);
    const slot = y % this.rows;
    this.arena.kernels.linearToXyb(r, g, b, this.ring[0]![slot]!, this.ring[1]![slot]!, this.ring[2]![slot]!, this.src.width);
  }

  /** The XYB row of channel c at row y (one of the last `rows` loaded). */
  get(c: number, y: number): number {
    return this.ring[c]![y % this.rows]!;
  }
}

/**
 * Which blurred quantity sits where for one scale: per channel the first index of its block, and
 * the total. Blocks hold, in order, the quantities listed by the caller for each need.
 */
function layout(scale: number, perNeed: Record<ChannelNeed, number>): { first: number[]; count: number } {
  const first: number[] = [];
  let count = 0;
  for (let c = 0; c < 3; c++) {
    first.push(count);
    count += perNeed[NEEDS[scale]![c]!];
  }
  return { first, count };
}

/** The sizes of the scales the pyramid computes: scale s exists while scale s − 1 is at least 8×8 (the reference's rule). */
function scaleSizes(width: number, height: number): { width: number; height: number }[] {
  const sizes: { width: number; height: number }[] = [];
  let size = { width, height };
  for (let scale = 0; scale < NUM_SCALES; scale++) {
    if (size.width < MIN_SIDE || size.height < MIN_SIDE) break;
    if (scale > 0) size = halved(size.width, size.height);
    sizes.push(size);
  }
  return sizes;
}

/**
 * Walks scales `first`…`count − 1` of the pyramid from `sources` at scale `first`: each visit reads
 * every row of its sources once, in order, and the next scale's sources are halved from those reads
 * (DownsampleTap). What a visit allocates is freed after it; the halved planes stay until the
 * caller resets the arena.
 */
function pyramid<T>(arena: Arena, sources: readonly LinearSource[], first: number, count: number, visit: (scale: number, srcs: readonly LinearSource[]) => T): T[] {
  const out: T[] = [];
  let srcs = sources;
  for (let scale = first; scale < count; scale++) {
    const taps = scale + 1 < count ? srcs.map((s) => new DownsampleTap(s, arena)) : undefined;
    const mark = arena.mark();
    out.push(visit(scale, taps ?? srcs));
    arena.reset(mark);
    if (taps) srcs = taps.map((t) => t.result());
  }
  return out;
}

/**
 * Rows the blur needs beyond a band so that the band's own rows come out exactly as in one pass
 * over the whole image: the recursive filter's response ends 4 rows (radius − 1) from its centre.
 */
const BAND_MARGIN = 16;

/** The rows a band's blur runs over: the band and BAND_MARGIN rows each side, within the image. */
function bandWindow(height: number, from: number, to: number): { start: number; end: number } {
  return { start: Math.max(0, from - BAND_MARGIN), end: Math.min(height, to + BAND_MARGIN) };
}

function windowOf(whole: LinearSource, from: number, to: number): LinearSource {
  const { start, end } = bandWindow(whole.height, from, to);
  return start === 0 && end === whole.height ? whole : new RowWindow(whole, start, end - start);
}

/**
 * One scale, both images from scratch: the raw sums (see Accumulator) of rows [firstRow, endRow).
 * Per channel the blurred quantities are img1, img2 (edge maps and SSIM means) and, when SSIM
 * counts, img1², img2², img1·img2. Reads every row of both sources once, in order.
 */
function scaleSums(scale: number, arena: Arena, src1: LinearSource, src2: LinearSource, firstRow = 0, endRow = src1.height): Float64Array {
  const w = src1.width;
  const h = src1.height;
  const needs = NEEDS[scale]!;
  const { first, count } = layout(scale, { 'ssim+edge': 5, edge: 2, none: 0 });
  const k = arena.kernels;
  const xyb1 = new XybRows(arena, src1, RING);
  const xyb2 = new XybRows(arena, src2, RING);
  const acc = new Accumulator(arena);
  const blur = new StreamingGaussian(GAUSSIAN, arena, w, h, count);
  const products = needs.map((n) => (n === 'ssim+edge' ? [blur.inputRow().ptr, blur.inputRow().ptr, blur.inputRow().ptr] : []));
  const { inputs, outputs } = blur;
  blur.run(
    (y) => {
      xyb1.load(y);
      xyb2.load(y);
      for (let c = 0; c < 3; c++) {
        if (needs[c] === 'none') continue;
        const a = xyb1.get(c, y);
        const b = xyb2.get(c, y);
        const q = first[c]!;
        inputs[q] = a;
        inputs[q + 1] = b;
        if (needs[c] === 'ssim+edge') {
          const [aa, bb, ab] = products[c] as [number, number, number];
          k.multiply(a, a, aa, w);
          k.multiply(b, b, bb, w);
          k.multiply(a, b, ab, w);
          inputs[q + 2] = aa;
          inputs[q + 3] = bb;
          inputs[q + 4] = ab;
        }
      }
    },
    (n) => {
      if (n < firstRow || n >= endRow) return;
      for (let c = 0; c < 3; c++) {
        const q = first[c]!;
        const img1 = xyb1.get(c, n);
        const img2 = xyb2.get(c, n);
        if (needs[c] === 'ssim+edge') acc.row(c, w, img1, img2, outputs[q]!.ptr, outputs[q + 1]!.ptr, outputs[q + 2]!.ptr, outputs[q + 3]!.ptr, outputs[q + 4]!.ptr);
        else if (needs[c] === 'edge') acc.edgeRow(c, w, img1, img2, outputs[q]!.ptr, outputs[q + 1]!.ptr);
      }
    },
  );
  return acc.sums;
}

/**
 * What a prepared reference keeps of one scale, as planes in its arena (offsets of row 0; rows
 * `stride` floats apart; −1 where a channel does not need the plane): per channel its XYB, its
 * blur, and (SSIM only) the blur of its square.
 */
interface ReferenceScale {
  readonly width: number;
  readonly height: number;
  readonly stride: number;
  readonly img: readonly number[];
  readonly mu: readonly number[];
  readonly s11: readonly number[];
}

/** Row y of a plane of `ref`. */
function rowOf(ref: ReferenceScale, plane: number, y: number): number {
  return plane + y * ref.stride * 4;
}

/** Allocates the planes a prepared scale keeps (before anything temporary, so that they stay). */
function allocScale(arena: Arena, scale: number, width: number, height: number): ReferenceScale {
  const stride = Math.ceil(width / 4) * 4;
  const needs = NEEDS[scale]!;
  const plane = (wanted: boolean): number => (wanted ? arena.allocBytes(stride * height * 4) : -1);
  return {
    width,
    height,
    stride,
    img: needs.map((n) => plane(n !== 'none')),
    mu: needs.map((n) => plane(n !== 'none')),
    s11: needs.map((n) => plane(n === 'ssim+edge')),
  };
}

/** Fills a prepared scale's planes from `src` (read once, in order). */
function prepareScale(scale: number, arena: Arena, src: LinearSource, ref: ReferenceScale): void {
  const w = src.width;
  const needs = NEEDS[scale]!;
  const { first, count } = layout(scale, { 'ssim+edge': 2, edge: 1, none: 0 });
  const xyb = new XybRows(arena, src, 1);
  const blur = new StreamingGaussian(GAUSSIAN, arena, w, src.height, count);
  const squares = needs.map((n) => (n === 'ssim+edge' ? blur.inputRow().ptr : -1));
  const { inputs, outputs } = blur;
  blur.run(
    (y) => {
      xyb.load(y);
      for (let c = 0; c < 3; c++) {
        if (needs[c] === 'none') continue;
        const a = xyb.get(c, y);
        arena.copy(a, rowOf(ref, ref.img[c]!, y), w);
        inputs[first[c]!] = a;
        if (needs[c] === 'ssim+edge') {
          arena.kernels.multiply(a, a, squares[c]!, w);
          inputs[first[c]! + 1] = squares[c]!;
        }
      }
    },
    (n) => {
      for (let c = 0; c < 3; c++) {
        if (needs[c] === 'none') continue;
        arena.copy(outputs[first[c]!]!.ptr, rowOf(ref, ref.mu[c]!, n), w);
        if (needs[c] === 'ssim+edge') arena.copy(outputs[first[c]! + 1]!.ptr, rowOf(ref, ref.s11[c]!, n), w);
      }
    },
  );
}

/**
 * One scale against a prepared reference (whose arena this runs in): per channel img2 and, for
 * SSIM, img2² and img1·img2. Returns the raw sums of rows [firstRow, endRow) (all rows by default;
 * see scaleSums). The reference's rows are read where they are kept.
 */
function preparedScaleSums(scale: number, arena: Arena, ref: ReferenceScale, src2: LinearSource, firstRow = 0, endRow = ref.height): Float64Array {
  const { width: w, height: h } = ref;
  const needs = NEEDS[scale]!;
  const { first, count } = layout(scale, { 'ssim+edge': 3, edge: 1, none: 0 });
  const k = arena.kernels;
  const xyb2 = new XybRows(arena, src2, RING);
  const acc = new Accumulator(arena);
  const blur = new StreamingGaussian(GAUSSIAN, arena, w, h, count);
  const products = needs.map((n) => (n === 'ssim+edge' ? [blur.inputRow().ptr, blur.inputRow().ptr] : []));
  const { inputs, outputs } = blur;
  blur.run(
    (y) => {
      xyb2.load(y);
      for (let c = 0; c < 3; c++) {
        if (needs[c] === 'none') continue;
        const b = xyb2.get(c, y);
        const q = first[c]!;
        inputs[q] = b;
        if (needs[c] === 'ssim+edge') {
          const [bb, ab] = products[c] as [number, number];
          k.multiply(b, b, bb, w);
          k.multiply(rowOf(ref, ref.img[c]!, y), b, ab, w);
          inputs[q + 1] = bb;
          inputs[q + 2] = ab;
        }
      }
    },
    (n) => {
      if (n < firstRow || n >= endRow) return;
      for (let c = 0; c < 3; c++) {
        const need = needs[c]!;
        if (need === 'none') continue;
        const q = first[c]!;
        const img1 = rowOf(ref, ref.img[c]!, n);
        const mu1 = rowOf(ref, ref.mu[c]!, n);
        const img2 = xyb2.get(c, n);
        if (need === 'ssim+edge') acc.row(c, w, img1, img2, mu1, outputs[q]!.ptr, rowOf(ref, ref.s11[c]!, n), outputs[q + 1]!.ptr, outputs[q + 2]!.ptr);
        else acc.edgeRow(c, w, img1, img2, mu1, outputs[q]!.ptr);
      }
    },
  );
  return acc.sums;
}

/** Refuses images under 8×8, which the reference refuses too. */
export function checkReference(reference: RgbPixels): void {
  if (reference.width < MIN_SIDE || reference.height < MIN_SIDE) throw new RangeError(`SSIMULACRA2 needs at least ${MIN_SIDE}×${MIN_SIDE} pixels`);
}

function checkSizes(a: RgbPixels, b: RgbPixels): void {
  if (a.width !== b.width || a.height !== b.height) {
    throw new RangeError(`image size mismatch: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
  }
  checkReference(a);
}


/**
 * Backgrounds the reference blends transparency onto: one grey for opaque originals, and for
 * transparent ones both a dark and a bright grey, keeping the worse score (what the reference tool
 * does, so damage hidden against one background shows against the other).
 */
function backgroundsFor(reference: RgbPixels): readonly number[] {
  return hasTransparency(reference) ? [0.1, 0.9] : [0.5];
}

/** Runs `work` in the arena and frees what it allocated. */
function within<T>(arena: Arena, work: () => T): T {
  const mark = arena.mark();
  try {
    return work();
  } finally {
    arena.reset(mark);
  }
}

function scoreOnBackground(reference: RgbPixels, distorted: RgbPixels, bg: number): number {
  const arena = metricArena();
  return within(arena, () => {
    const sources = [new ByteSource(arena, reference, bg), new ByteSource(arena, distorted, bg)];
    const count = scaleSizes(reference.width, reference.height).length;
    const features = pyramid(arena, sources, 0, count, (scale, [s1, s2]) => featuresFromSums(scaleSums(scale, arena, s1!, s2!), s1!.width * s1!.height));
    return scoreFromFeatures(features);
  });
}

/** SSIMULACRA 2.1 of `distorted` against `reference`, both 8-bit sRGB of the same size. */
export function ssimulacra2(reference: RgbPixels, distorted: RgbPixels): number {
  checkSizes(reference, distorted);
  return Math.min(...backgroundsFor(reference).map((bg) => scoreOnBackground(reference, distorted, bg)));
}

/** A reference analysed once, to score many candidates against it (the automatic-quality search). */
export interface PreparedReference {
  readonly width: number;
  readonly height: number;
  /** Scores one candidate of the same size. */
  score(distorted: RgbPixels): number;
}

/**
 * Allocates the planes of scales `first`…`sizes.length − 1` (of the given sizes), then fills them
 * from the source `makeSource` makes (at scale `first`; made after the planes, so that its
 * temporary rows are freed without them).
 */
function prepareScales(arena: Arena, makeSource: () => LinearSource, sizes: readonly { width: number; height: number }[], first: number): ReferenceScale[] {
  const scales = sizes.slice(first).map((size, i) => allocScale(arena, first + i, size.width, size.height));
  within(arena, () => pyramid(arena, [makeSource()], first, sizes.length, (scale, [s]) => prepareScale(scale, arena, s!, scales[scale - first]!)));
  return scales;
}

/** The features of scales `first`… of `src` against prepared `scales` (which start at scale `first`). */
function preparedFeatures(arena: Arena, scales: readonly ReferenceScale[], src: LinearSource, first: number): ScaleFeatures[] {
  return pyramid(arena, [src], first, first + scales.length, (scale, [s]) => {
    const ref = scales[scale - first]!;
    return featuresFromSums(preparedScaleSums(scale, arena, ref, s!), ref.width * ref.height);
  });
}

/**
 * Analyses `reference` once, into a kernel memory of its own. Keeps 7 float planes at full
 * resolution and a third of that for the coarse scales (about 40 bytes per pixel in all), so
 * prepare references of a size the search works at, and score full-size images with `ssimulacra2`.
 */
export function prepareReference(reference: RgbPixels): PreparedReference {
  checkReference(reference);
  const arena = newArena();
  const { width, height } = reference;
  const sizes = scaleSizes(width, height);
  const prepared = backgroundsFor(reference).map((bg) => ({ bg, scales: prepareScales(arena, () => new ByteSource(arena, reference, bg), sizes, 0) }));
  return {
    width,
    height,
    score(distorted: RgbPixels): number {
      checkSizes(reference, distorted);
      return Math.min(...prepared.map(({ bg, scales }) => within(arena, () => scoreFromFeatures(preparedFeatures(arena, scales, new ByteSource(arena, distorted, bg), 0)))));
    },
  };
}

/**
 * The score in independent parts, for running on several threads: full-resolution bands (which
 * add up exactly: see BAND_MARGIN) and the coarse scales 1:2 … 1:32 together (a third of the
 * work, needing the whole image to downsample).
 */
export type ScorePart = { readonly kind: 'band'; readonly from: number; readonly to: number } | { readonly kind: 'coarse' };

/** A part's result for each background the reference calls for. */
export interface PartResult {
  readonly sums: readonly Float64Array[];
  readonly coarse: readonly (readonly ScaleFeatures[])[];
}

/** The coarse scales of two images from scratch: both halved (reading them only for that), then the pyramid from scale 1. */
function coarseFeatures(arena: Arena, whole1: LinearSource, whole2: LinearSource): ScaleFeatures[] {
  const count = scaleSizes(whole1.width, whole1.height).length;
  if (count < 2) return [];
  const halves = [downsample(whole1, arena), downsample(whole2, arena)];
  return pyramid(arena, halves, 1, count, (scale, [s1, s2]) => featuresFromSums(scaleSums(scale, arena, s1!, s2!), s1!.width * s1!.height));
}

export function computePart(reference: RgbPixels, distorted: RgbPixels, part: ScorePart): PartResult {
  checkSizes(reference, distorted);
  const arena = metricArena();
  const sums: Float64Array[] = [];
  const coarse: ScaleFeatures[][] = [];
  for (const bg of backgroundsFor(reference)) {
    within(arena, () => {
      const s1 = new ByteSource(arena, reference, bg);
      const s2 = new ByteSource(arena, distorted, bg);
      if (part.kind === 'band') {
        const { start } = bandWindow(reference.height, part.from, part.to);
        sums.push(scaleSums(0, arena, windowOf(s1, part.from, part.to), windowOf(s2, part.from, part.to), part.from - start, part.to - start));
      } else {
        coarse.push(coarseFeatures(arena, s1, s2));
      }
    });
  }
  return { sums, coarse };
}

/** The score from the results of bands covering every row once, and of the coarse part. */
export function combineParts(width: number, height: number, bands: readonly PartResult[], coarse: PartResult): number {
  const scores = coarse.coarse.map((coarseFeatures, i) => {
    const total = new Float64Array(18);
    for (const band of bands) {
      const s = band.sums[i]!;
      for (let k = 0; k < 18; k++) total[k] = total[k]! + s[k]!;
    }
    return scoreFromFeatures([featuresFromSums(total, width * height), ...coarseFeatures]);
  });
  return Math.min(...scores);
}

/**
 * A part of a reference analysed once, kept by a metric worker to score many candidates against
 * (the full-size verifications of the automatic-quality search), in a kernel memory of its own.
 * Per background: for a band, the prepared full-resolution window around it; for the coarse part,
 * the prepared scales 1:2 … 1:32. About 40 bytes per pixel of the part.
 */
export interface PreparedPart {
  readonly part: ScorePart;
  readonly height: number;
  readonly arena: Arena;
  readonly perBackground: readonly { readonly bg: number; readonly scales: readonly ReferenceScale[] }[];
}

export function preparePart(reference: RgbPixels, part: ScorePart): PreparedPart {
  checkReference(reference);
  const arena = newArena();
  const { width, height } = reference;
  const perBackground = backgroundsFor(reference).map((bg) => {
    if (part.kind === 'band') {
      const { start, end } = bandWindow(height, part.from, part.to);
      const window = (): LinearSource => windowOf(new ByteSource(arena, reference, bg), part.from, part.to);
      return { bg, scales: prepareScales(arena, window, [{ width, height: end - start }], 0) };
    }
    const sizes = scaleSizes(width, height);
    return { bg, scales: sizes.length < 2 ? [] : prepareScales(arena, () => downsample(new ByteSource(arena, reference, bg), arena), sizes, 1) };
  });
  return { part, height, arena, perBackground };
}

/** computePart against a prepared part: the same sums and features, with a third of the work left. */
export function computePreparedPart(prepared: PreparedPart, distorted: RgbPixels): PartResult {
  const { part, arena } = prepared;
  if (distorted.height !== prepared.height) throw new RangeError(`image size mismatch: height ${prepared.height} vs ${distorted.height}`);
  const sums: Float64Array[] = [];
  const coarse: ScaleFeatures[][] = [];
  for (const { bg, scales } of prepared.perBackground) {
    within(arena, () => {
      const whole = new ByteSource(arena, distorted, bg);
      if (part.kind === 'band') {
        const ref = scales[0]!;
        if (ref.width !== distorted.width) throw new RangeError(`image size mismatch: width ${ref.width} vs ${distorted.width}`);
        const { start } = bandWindow(prepared.height, part.from, part.to);
        sums.push(preparedScaleSums(0, arena, ref, windowOf(whole, part.from, part.to), part.from - start, part.to - start));
      } else {
        coarse.push(scales.length === 0 ? [] : preparedFeatures(arena, scales, downsample(whole, arena), 1));
      }
    });
  }
  return { sums, coarse };
}
