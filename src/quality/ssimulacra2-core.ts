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
 * beyond its downsampled linear planes. A reference can be prepared once (`prepareReference`) and
 * scored against many candidates: its XYB planes, blurred means and blurred squares are kept, which
 * saves two of the five blurs per candidate. Maps whose features all have zero weight are never
 * computed (see NEEDS).
 */
import { metricArena, type Arena, type Row } from './kernels/index.js';
import { StreamingGaussian, createRecursiveGaussian } from './recursive-gaussian.js';
import { ByteSource, downsample, type LinearSource, type RgbPixels } from './xyb.js';

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
export interface ScaleFeatures {
  /** [c*2 + n]: SSIM error, n = 0 mean, n = 1 4-norm. */
  readonly ssim: Float64Array;
  /** [c*4 + n]: artifact (n = 0, 1) and detail lost (n = 2, 3). */
  readonly edge: Float64Array;
}

/** The weighted sum of the features and the final nonlinear mapping of SSIMULACRA 2.1. */
export function scoreFromFeatures(scales: readonly ScaleFeatures[]): number {
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

/** Converts rows of a linear source to XYB (SIMD kernel) into a ring of recent rows in the kernels' memory. */
class XybRows {
  private readonly lin: [Row, Row, Row];
  /** Per channel, `rows` rows. */
  private readonly ring: Row[][];

  constructor(
    private readonly arena: Arena,
    private readonly src: LinearSource,
    private readonly rows: number,
  ) {
    const w = src.width;
    this.lin = [arena.alloc(w), arena.alloc(w), arena.alloc(w)];
    this.ring = [0, 1, 2].map(() => Array.from({ length: rows }, () => arena.alloc(w)));
  }

  load(y: number): void {
    const [r, g, b] = this.lin;
    this.src.readRow(y, r.view, g.view, b.view);
    const slot = y % this.rows;
    const w = this.src.width;
    this.arena.kernels.linearToXyb(r.ptr, g.ptr, b.ptr, this.ring[0]![slot]!.ptr, this.ring[1]![slot]!.ptr, this.ring[2]![slot]!.ptr, Math.ceil(w / 4) * 4);
  }

  get(c: number, y: number): Row {
    return this.ring[c]![y % this.rows]!;
  }
}

/** Row views of a plane, made once so that no loop allocates. */
function rowViews(plane: Float32Array, width: number, height: number): Float32Array[] {
  return Array.from({ length: height }, (_, y) => plane.subarray(y * width, (y + 1) * width));
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

/**
 * One scale, both images from scratch. Per channel the blurred quantities are img1, img2 (edge
 * maps and SSIM means) and, when SSIM counts, img1², img2², img1·img2.
 */
function scaleFeatures(scale: number, src1: LinearSource, src2: LinearSource): ScaleFeatures {
  return featuresFromSums(scaleSums(scale, src1, src2, 0, src1.height), src1.width * src1.height);
}

/**
 * Rows the blur needs beyond a band so that the band's own rows come out exactly as in one pass
 * over the whole image: the recursive filter's response ends 4 rows (radius − 1) from its centre.
 */
const BAND_MARGIN = 16;

/** Rows [start, start + height) of a source, seen as an image of their own. */
class RowWindow implements LinearSource {
  constructor(
    private readonly src: LinearSource,
    private readonly start: number,
    readonly height: number,
  ) {}
  get width(): number {
    return this.src.width;
  }
  readRow(y: number, r: Float32Array, g: Float32Array, b: Float32Array): void {
    this.src.readRow(this.start + y, r, g, b);
  }
}

/** The rows a band's blur runs over: the band and BAND_MARGIN rows each side, within the image. */
function bandWindow(height: number, from: number, to: number): { start: number; end: number } {
  return { start: Math.max(0, from - BAND_MARGIN), end: Math.min(height, to + BAND_MARGIN) };
}

function windowOf(whole: LinearSource, from: number, to: number): LinearSource {
  const { start, end } = bandWindow(whole.height, from, to);
  return start === 0 && end === whole.height ? whole : new RowWindow(whole, start, end - start);
}

/**
 * The raw sums of one scale over rows [from, to) only (see Accumulator). The blur runs over the
 * band plus BAND_MARGIN rows each side, so bands computed apart add up to the whole image.
 */
function scaleSums(scale: number, whole1: LinearSource, whole2: LinearSource, from: number, to: number): Float64Array {
  const { start } = bandWindow(whole1.height, from, to);
  const src1 = windowOf(whole1, from, to);
  const src2 = windowOf(whole2, from, to);
  const w = src1.width;
  const h = src1.height;
  const needs = NEEDS[scale]!;
  const { first, count } = layout(scale, { 'ssim+edge': 5, edge: 2, none: 0 });
  const arena = metricArena();
  const k = arena.kernels;
  arena.begin();
  const xyb1 = new XybRows(arena, src1, RING);
  const xyb2 = new XybRows(arena, src2, RING);
  const acc = new Accumulator(arena);
  const blur = new StreamingGaussian(GAUSSIAN, arena, w, h, count);
  arena.views();
  const { inputs, outputs } = blur;
  const firstRow = from - start;
  const endRow = to - start;
  blur.run(
    (y) => {
      xyb1.load(y);
      xyb2.load(y);
      for (let c = 0; c < 3; c++) {
        if (needs[c] === 'none') continue;
        const a = xyb1.get(c, y);
        const b = xyb2.get(c, y);
        const q = first[c]!;
        inputs[q]!.view.set(a.view);
        inputs[q + 1]!.view.set(b.view);
        if (needs[c] === 'ssim+edge') {
          k.multiply(a.ptr, a.ptr, inputs[q + 2]!.ptr, w);
          k.multiply(b.ptr, b.ptr, inputs[q + 3]!.ptr, w);
          k.multiply(a.ptr, b.ptr, inputs[q + 4]!.ptr, w);
        }
      }
    },
    (n) => {
      if (n < firstRow || n >= endRow) return;
      for (let c = 0; c < 3; c++) {
        const q = first[c]!;
        const img1 = xyb1.get(c, n).ptr;
        const img2 = xyb2.get(c, n).ptr;
        if (needs[c] === 'ssim+edge') acc.row(c, w, img1, img2, outputs[q]!.ptr, outputs[q + 1]!.ptr, outputs[q + 2]!.ptr, outputs[q + 3]!.ptr, outputs[q + 4]!.ptr);
        else if (needs[c] === 'edge') acc.edgeRow(c, w, img1, img2, outputs[q]!.ptr, outputs[q + 1]!.ptr);
      }
    },
  );
  return acc.sums;
}

/** What a prepared reference keeps of one scale, per channel and row: XYB, its blur, and (SSIM only) the blur of its square. */
interface ReferenceScale {
  readonly width: number;
  readonly height: number;
  readonly img: readonly (readonly Float32Array[])[];
  readonly mu: readonly (readonly Float32Array[])[];
  readonly s11: readonly (readonly Float32Array[])[];
}

function prepareScale(scale: number, src: LinearSource): ReferenceScale {
  const w = src.width;
  const h = src.height;
  const needs = NEEDS[scale]!;
  const plane = (wanted: boolean): Float32Array[] => (wanted ? rowViews(new Float32Array(w * h), w, h) : []);
  const img = needs.map((n) => plane(n !== 'none'));
  const mu = needs.map((n) => plane(n !== 'none'));
  const s11 = needs.map((n) => plane(n === 'ssim+edge'));
  const { first, count } = layout(scale, { 'ssim+edge': 2, edge: 1, none: 0 });
  const arena = metricArena();
  arena.begin();
  const xyb = new XybRows(arena, src, 1);
  const blur = new StreamingGaussian(GAUSSIAN, arena, w, h, count);
  arena.views();
  const { inputs, outputs } = blur;
  blur.run(
    (y) => {
      xyb.load(y);
      for (let c = 0; c < 3; c++) {
        if (needs[c] === 'none') continue;
        const a = xyb.get(c, y);
        img[c]![y]!.set(a.view);
        inputs[first[c]!]!.view.set(a.view);
        if (needs[c] === 'ssim+edge') arena.kernels.multiply(a.ptr, a.ptr, inputs[first[c]! + 1]!.ptr, w);
      }
    },
    (n) => {
      for (let c = 0; c < 3; c++) {
        if (needs[c] === 'none') continue;
        mu[c]![n]!.set(outputs[first[c]!]!.view);
        if (needs[c] === 'ssim+edge') s11[c]![n]!.set(outputs[first[c]! + 1]!.view);
      }
    },
  );
  return { width: w, height: h, img, mu, s11 };
}

/**
 * One scale against a prepared reference: per channel img2 and, for SSIM, img2² and img1·img2.
 * Returns the raw sums of rows [firstRow, endRow) (all rows by default; see scaleSums for bands).
 * The reference's rows are copied into the kernels' memory as they are needed.
 */
function preparedScaleSums(scale: number, ref: ReferenceScale, src2: LinearSource, firstRow = 0, endRow = ref.height): Float64Array {
  const { width: w, height: h } = ref;
  const needs = NEEDS[scale]!;
  const { first, count } = layout(scale, { 'ssim+edge': 3, edge: 1, none: 0 });
  const arena = metricArena();
  const k = arena.kernels;
  arena.begin();
  const xyb2 = new XybRows(arena, src2, RING);
  const acc = new Accumulator(arena);
  const refImg = arena.alloc(w);
  const refMu = arena.alloc(w);
  const refS11 = arena.alloc(w);
  const blur = new StreamingGaussian(GAUSSIAN, arena, w, h, count);
  arena.views();
  const { inputs, outputs } = blur;
  blur.run(
    (y) => {
      xyb2.load(y);
      for (let c = 0; c < 3; c++) {
        if (needs[c] === 'none') continue;
        const b = xyb2.get(c, y);
        const q = first[c]!;
        inputs[q]!.view.set(b.view);
        if (needs[c] === 'ssim+edge') {
          k.multiply(b.ptr, b.ptr, inputs[q + 1]!.ptr, w);
          refImg.view.set(ref.img[c]![y]!);
          k.multiply(refImg.ptr, b.ptr, inputs[q + 2]!.ptr, w);
        }
      }
    },
    (n) => {
      if (n < firstRow || n >= endRow) return;
      for (let c = 0; c < 3; c++) {
        const need = needs[c]!;
        if (need === 'none') continue;
        const q = first[c]!;
        refImg.view.set(ref.img[c]![n]!);
        refMu.view.set(ref.mu[c]![n]!);
        const img2 = xyb2.get(c, n).ptr;
        if (need === 'ssim+edge') {
          refS11.view.set(ref.s11[c]![n]!);
          acc.row(c, w, refImg.ptr, img2, refMu.ptr, outputs[q]!.ptr, refS11.ptr, outputs[q + 1]!.ptr, outputs[q + 2]!.ptr);
        } else acc.edgeRow(c, w, refImg.ptr, img2, refMu.ptr, outputs[q]!.ptr);
      }
    },
  );
  return acc.sums;
}

function preparedScaleFeatures(scale: number, ref: ReferenceScale, src2: LinearSource): ScaleFeatures {
  return featuresFromSums(preparedScaleSums(scale, ref, src2), ref.width * ref.height);
}

/**
 * Walks the pyramid: scale s is computed while the previous scale is at least 8×8 (the
 * reference's rule), the first from the source itself, later ones halved in linear RGB.
 */
function pyramid<T>(first: LinearSource, visit: (scale: number, src: LinearSource) => T): T[] {
  const out: T[] = [];
  let src = first;
  for (let scale = 0; scale < NUM_SCALES; scale++) {
    if (src.width < MIN_SIDE || src.height < MIN_SIDE) break;
    if (scale > 0) src = downsample(src);
    out.push(visit(scale, src));
  }
  return out;
}

function checkSizes(a: RgbPixels, b: RgbPixels): void {
  if (a.width !== b.width || a.height !== b.height) {
    throw new RangeError(`image size mismatch: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
  }
  if (a.width < MIN_SIDE || a.height < MIN_SIDE) throw new RangeError(`SSIMULACRA2 needs at least ${MIN_SIDE}×${MIN_SIDE} pixels`);
}

/** True when the pixels carry an alpha channel that is not fully opaque everywhere. */
export function hasTransparency(p: RgbPixels): boolean {
  if (p.channels !== 4) return false;
  const d = p.data;
  for (let i = 3; i < d.length; i += 4) if (d[i] !== 255) return true;
  return false;
}

/**
 * Backgrounds the reference blends transparency onto: one grey for opaque originals, and for
 * transparent ones both a dark and a bright grey, keeping the worse score (what the reference tool
 * does, so damage hidden against one background shows against the other).
 */
function backgroundsFor(reference: RgbPixels): readonly number[] {
  return hasTransparency(reference) ? [0.1, 0.9] : [0.5];
}

function scoreOnBackground(reference: RgbPixels, distorted: RgbPixels, bg: number): number {
  const features: ScaleFeatures[] = [];
  let s1: LinearSource = new ByteSource(reference, bg);
  let s2: LinearSource = new ByteSource(distorted, bg);
  for (let scale = 0; scale < NUM_SCALES; scale++) {
    if (s1.width < MIN_SIDE || s1.height < MIN_SIDE) break;
    if (scale > 0) {
      s1 = downsample(s1);
      s2 = downsample(s2);
    }
    features.push(scaleFeatures(scale, s1, s2));
  }
  return scoreFromFeatures(features);
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
 * Analyses `reference` once. Keeps 9 float planes per scale (about 48 bytes per pixel in all), so
 * prepare references of a size the search works at, and score full-size images with `ssimulacra2`.
 */
export function prepareReference(reference: RgbPixels): PreparedReference {
  if (reference.width < MIN_SIDE || reference.height < MIN_SIDE) throw new RangeError(`SSIMULACRA2 needs at least ${MIN_SIDE}×${MIN_SIDE} pixels`);
  const prepared = backgroundsFor(reference).map((bg) => ({
    bg,
    scales: pyramid(new ByteSource(reference, bg), (s, src) => prepareScale(s, src)),
  }));
  return {
    width: reference.width,
    height: reference.height,
    score(distorted: RgbPixels): number {
      checkSizes(reference, distorted);
      return Math.min(
        ...prepared.map(({ bg, scales }) => {
          const features = pyramid(new ByteSource(distorted, bg), (s, src) => preparedScaleFeatures(s, scales[s]!, src));
          return scoreFromFeatures(features);
        }),
      );
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

export function computePart(reference: RgbPixels, distorted: RgbPixels, part: ScorePart): PartResult {
  checkSizes(reference, distorted);
  const sums: Float64Array[] = [];
  const coarse: ScaleFeatures[][] = [];
  for (const bg of backgroundsFor(reference)) {
    const s1 = new ByteSource(reference, bg);
    const s2 = new ByteSource(distorted, bg);
    if (part.kind === 'band') {
      sums.push(scaleSums(0, s1, s2, part.from, part.to));
    } else {
      const features: ScaleFeatures[] = [];
      let a: LinearSource = s1;
      let b: LinearSource = s2;
      for (let scale = 1; scale < NUM_SCALES; scale++) {
        if (a.width < MIN_SIDE || a.height < MIN_SIDE) break;
        a = downsample(a);
        b = downsample(b);
        features.push(scaleFeatures(scale, a, b));
      }
      coarse.push(features);
    }
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
 * (the full-size verifications of the automatic-quality search). Per background: for a band, the
 * prepared full-resolution window around it; for the coarse part, the prepared scales 1:2 … 1:32.
 * About 40 bytes per pixel of the part.
 */
export interface PreparedPart {
  readonly part: ScorePart;
  readonly height: number;
  readonly perBackground: readonly { readonly bg: number; readonly scales: readonly ReferenceScale[] }[];
}

export function preparePart(reference: RgbPixels, part: ScorePart): PreparedPart {
  if (reference.width < MIN_SIDE || reference.height < MIN_SIDE) throw new RangeError(`SSIMULACRA2 needs at least ${MIN_SIDE}×${MIN_SIDE} pixels`);
  const perBackground = backgroundsFor(reference).map((bg) => {
    const whole: LinearSource = new ByteSource(reference, bg);
    if (part.kind === 'band') return { bg, scales: [prepareScale(0, windowOf(whole, part.from, part.to))] };
    const scales: ReferenceScale[] = [];
    let src = whole;
    for (let scale = 1; scale < NUM_SCALES; scale++) {
      if (src.width < MIN_SIDE || src.height < MIN_SIDE) break;
      src = downsample(src);
      scales.push(prepareScale(scale, src));
    }
    return { bg, scales };
  });
  return { part, height: reference.height, perBackground };
}

/** computePart against a prepared part: the same sums and features, with a third of the work left. */
export function computePreparedPart(prepared: PreparedPart, distorted: RgbPixels): PartResult {
  const { part } = prepared;
  if (distorted.height !== prepared.height) throw new RangeError(`image size mismatch: height ${prepared.height} vs ${distorted.height}`);
  const sums: Float64Array[] = [];
  const coarse: ScaleFeatures[][] = [];
  for (const { bg, scales } of prepared.perBackground) {
    const whole: LinearSource = new ByteSource(distorted, bg);
    if (part.kind === 'band') {
      const ref = scales[0]!;
      if (ref.width !== distorted.width) throw new RangeError(`image size mismatch: width ${ref.width} vs ${distorted.width}`);
      const { start } = bandWindow(prepared.height, part.from, part.to);
      sums.push(preparedScaleSums(0, ref, windowOf(whole, part.from, part.to), part.from - start, part.to - start));
    } else {
      let src = whole;
      coarse.push(
        scales.map((ref, i) => {
          src = downsample(src);
          return preparedScaleFeatures(i + 1, ref, src);
        }),
      );
    }
  }
  return { sums, coarse };
}
