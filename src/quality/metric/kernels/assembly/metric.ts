// AssemblyScript, compiled to WebAssembly with 128-bit SIMD by `npm run build:kernels` (the result
// is embedded in ../metric-wasm.ts). Every loop of SSIMULACRA2 that touches pixels: sRGB decoding,
// downsampling, the XYB conversion, the recursive Gaussian's two passes and the per-row error maps.
// The pyramid, bands, backgrounds and the final score stay in TypeScript (../../ssimulacra2-core.ts),
// which only hands pointers to these kernels.
//
// Every pointer is a byte offset into this module's memory, which the TypeScript side manages
// (../index.ts: Arena). Rows are f32, 16-byte aligned and allocated in whole vectors, so a loop may
// run to the next multiple of 4 without bounds checks. The extra lanes are scratch nobody reads,
// except in XYB rows, which the blur reads as their zero border (linearToXyb zeroes them), and where
// a sum is taken (the error maps), which stop at the width and finish the row one by one.

// Precision, as measured against the reference scores (../../../../test/quality/ssimulacra2.test.ts):
// the horizontal pass in single precision, like the reference, the vertical pass computed in double
// and kept in single, and the SSIM map in double give at most 0.12 points of difference over the
// 64 vectors (mean 0.015). Running the vertical pass in single precision too moves high scores by
// up to 0.45: its three terms are each much larger than their sum, and at the coarse scales the
// SSIM map is made of the last few digits of blurred squares minus squared means.

/**
 * One horizontal pass over four rows at once (one per lane), libjxl's
 * FastGaussian: y_k[n] = n2_k·(in[n−N−1] + in[n+N−1]) − d1_k·y_k[n−1] − y_k[n−2],
 * out[n] = Σ_k y_k[n] for k = 1, 3, 5. `p0…p3` point at each row's input with 2N zeros before and
 * N after; `o0…o3` receive `width` values.
 */
export function horizontal4(
  p0: usize, p1: usize, p2: usize, p3: usize,
  o0: usize, o1: usize, o2: usize, o3: usize,
  width: i32, radius: i32,
  n1: f32, n3: f32, n5: f32, e1: f32, e3: f32, e5: f32,
): void {
  const m1 = f32x4.splat(n1), m3 = f32x4.splat(n3), m5 = f32x4.splat(n5);
  const d1 = f32x4.splat(e1), d3 = f32x4.splat(e3), d5 = f32x4.splat(e5);
  let a1 = f32x4.splat(0), a3 = f32x4.splat(0), a5 = f32x4.splat(0);
  let b1 = f32x4.splat(0), b3 = f32x4.splat(0), b5 = f32x4.splat(0);
  const lead = <usize>(2 * radius) << 2;
  const warm = radius - 1;
  const total = warm + width;
  for (let j = 0; j < total; j++) {
    const at = <usize>j << 2;
    let sum = f32x4.splat(load<f32>(p0 + at) + load<f32>(p0 + at + lead));
    sum = f32x4.replace_lane(sum, 1, load<f32>(p1 + at) + load<f32>(p1 + at + lead));
    sum = f32x4.replace_lane(sum, 2, load<f32>(p2 + at) + load<f32>(p2 + at + lead));
    sum = f32x4.replace_lane(sum, 3, load<f32>(p3 + at) + load<f32>(p3 + at + lead));
    const y1 = f32x4.sub(f32x4.sub(f32x4.mul(m1, sum), b1), f32x4.mul(d1, a1));
    const y3 = f32x4.sub(f32x4.sub(f32x4.mul(m3, sum), b3), f32x4.mul(d3, a3));
    const y5 = f32x4.sub(f32x4.sub(f32x4.mul(m5, sum), b5), f32x4.mul(d5, a5));
    b1 = a1; b3 = a3; b5 = a5;
    a1 = y1; a3 = y3; a5 = y5;
    if (j >= warm) {
      const out = f32x4.add(f32x4.add(y1, y3), y5);
      const n = <usize>(j - warm) << 2;
      store<f32>(o0 + n, f32x4.extract_lane(out, 0));
      store<f32>(o1 + n, f32x4.extract_lane(out, 1));
      store<f32>(o2 + n, f32x4.extract_lane(out, 2));
      store<f32>(o3 + n, f32x4.extract_lane(out, 3));
    }
  }
}

/**
 * One output row of the vertical pass, two columns per vector. `state` holds six planes of `stride`
 * floats: y_1, y_3, y_5 at n−1 and, in the other half, at n−2; `parity` says which half is n−1.
 * The new values overwrite the n−2 half, so nothing is copied between rows. Computed in double
 * precision (see the note on precision above), kept in single: half the memory to stream through.
 */
export function vertical(
  top: usize, bottom: usize, state: usize, parity: i32, out: usize, stride: i32,
  n1: f32, n3: f32, n5: f32, e1: f32, e3: f32, e5: f32,
): void {
  const m1 = f64x2.splat(n1), m3 = f64x2.splat(n3), m5 = f64x2.splat(n5);
  const d1 = f64x2.splat(e1), d3 = f64x2.splat(e3), d5 = f64x2.splat(e5);
  const plane = <usize>stride << 2;
  const prev = state + (parity === 0 ? 0 : 3 * plane);
  const older = state + (parity === 0 ? 3 * plane : 0);
  const end = <usize>stride << 2;
  for (let x: usize = 0; x < end; x += 8) {
    const sum = f64x2.add(load64(top + x), load64(bottom + x));
    const y1 = f64x2.sub(f64x2.sub(f64x2.mul(m1, sum), load64(older + x)), f64x2.mul(d1, load64(prev + x)));
    const y3 = f64x2.sub(f64x2.sub(f64x2.mul(m3, sum), load64(older + plane + x)), f64x2.mul(d3, load64(prev + plane + x)));
    const y5 = f64x2.sub(f64x2.sub(f64x2.mul(m5, sum), load64(older + 2 * plane + x)), f64x2.mul(d5, load64(prev + 2 * plane + x)));
    v128.store64_lane(older + x, f32x4.demote_f64x2_zero(y1), 0);
    v128.store64_lane(older + plane + x, f32x4.demote_f64x2_zero(y3), 0);
    v128.store64_lane(older + 2 * plane + x, f32x4.demote_f64x2_zero(y5), 0);
    v128.store64_lane(out + x, f32x4.demote_f64x2_zero(f64x2.add(f64x2.add(y1, y3), y5)), 0);
  }
}

/**
 * out = a · b over exactly `width` floats: `out` is often a blur input, whose zeros after the row
 * are the image's border and must stay zero.
 */
export function multiply(a: usize, b: usize, out: usize, width: i32): void {
  const vectors = <usize>(width & ~3) << 2;
  for (let x: usize = 0; x < vectors; x += 16) v128.store(out + x, f32x4.mul(v128.load(a + x), v128.load(b + x)));
  for (let x = vectors; x < (<usize>width << 2); x += 4) store<f32>(out + x, load<f32>(a + x) * load<f32>(b + x));
}

// libjxl's opsin absorbance matrix and bias (lib/jxl/cms/opsin_params.h), in single precision.
const M00: f32 = 0.3;
const M02: f32 = 0.078;
const M01: f32 = 1 - 0.078 - 0.3;
const M10: f32 = 0.23;
const M12: f32 = 0.078;
const M11: f32 = 1 - 0.078 - 0.23;
const M20: f32 = 0.24342268924547819;
const M21: f32 = 0.20476744424496821;
const M22: f32 = 1 - 0.24342268924547819 - 0.20476744424496821;
const BIAS: f32 = 0.0037930732552754493;
const CBRT_BIAS: f32 = <f32>Math.cbrt(<f64>BIAS);

/**
 * Cube root of four positive values: a first guess from the float's bits (exponent divided by 3,
 * a few per cent off) refined by two Halley steps, each tripling the correct digits, to single
 * precision.
 */
// @ts-ignore: AssemblyScript decorator
@inline
function cbrt4(x: v128): v128 {
  const bits = f32x4.convert_i32x4_s(x);
  let y = i32x4.add(i32x4.trunc_sat_f32x4_s(f32x4.mul(bits, f32x4.splat(<f32>(1.0 / 3.0)))), i32x4.splat(709921077));
  let y3 = f32x4.mul(f32x4.mul(y, y), y);
  const x2 = f32x4.add(x, x);
  y = f32x4.div(f32x4.mul(y, f32x4.add(y3, x2)), f32x4.add(f32x4.add(y3, y3), x));
  y3 = f32x4.mul(f32x4.mul(y, y), y);
  return f32x4.div(f32x4.mul(y, f32x4.add(y3, x2)), f32x4.add(f32x4.add(y3, y3), x));
}

/**
 * Linear RGB rows → SSIMULACRA 2.1's "positive XYB" rows: X·14 + 0.42, Y + 0.01, (B − Y) + 0.55.
 * Writes whole vectors up to `width` rounded up to 4 and sets the lanes past `width` to zero: the
 * XYB rows are read by the blur directly, and what follows a row is its zero border.
 */
export function linearToXyb(r: usize, g: usize, b: usize, outX: usize, outY: usize, outB: usize, width: i32): void {
  const bias = f32x4.splat(BIAS);
  const cb = f32x4.splat(CBRT_BIAS);
  const half = f32x4.splat(0.5);
  const end = <usize>((width + 3) & ~3) << 2;
  for (let x: usize = 0; x < end; x += 16) {
    const R = v128.load(r + x);
    const G = v128.load(g + x);
    const B = v128.load(b + x);
    const mixL = f32x4.add(f32x4.add(f32x4.add(f32x4.mul(f32x4.splat(M00), R), f32x4.mul(f32x4.splat(M01), G)), f32x4.mul(f32x4.splat(M02), B)), bias);
    const mixM = f32x4.add(f32x4.add(f32x4.add(f32x4.mul(f32x4.splat(M10), R), f32x4.mul(f32x4.splat(M11), G)), f32x4.mul(f32x4.splat(M12), B)), bias);
    const mixS = f32x4.add(f32x4.add(f32x4.add(f32x4.mul(f32x4.splat(M20), R), f32x4.mul(f32x4.splat(M21), G)), f32x4.mul(f32x4.splat(M22), B)), bias);
    const l = f32x4.sub(cbrt4(mixL), cb);
    const m = f32x4.sub(cbrt4(mixM), cb);
    const s = f32x4.sub(cbrt4(mixS), cb);
    const X = f32x4.mul(half, f32x4.sub(l, m));
    const Y = f32x4.mul(half, f32x4.add(l, m));
    v128.store(outX + x, f32x4.add(f32x4.mul(X, f32x4.splat(14)), f32x4.splat(0.42)));
    v128.store(outY + x, f32x4.add(Y, f32x4.splat(0.01)));
    v128.store(outB + x, f32x4.add(f32x4.sub(s, Y), f32x4.splat(0.55)));
  }
  for (let x = <usize>width << 2; x < end; x += 4) {
    store<f32>(outX + x, 0);
    store<f32>(outY + x, 0);
    store<f32>(outB + x, 0);
  }
}

/**
 * One row of 8-bit sRGB pixels (`channels` bytes each: RGB, or RGBA whose alpha is left to the
 * caller) → linear R, G and B rows, through `lut`: 256 floats, the linear value of each byte.
 */
export function srgbRow(bytes: usize, channels: i32, lut: usize, r: usize, g: usize, b: usize, width: i32): void {
  const step = <usize>channels;
  let i = bytes;
  const end = <usize>width << 2;
  for (let x: usize = 0; x < end; x += 4) {
    store<f32>(r + x, load<f32>(lut + (<usize>load<u8>(i) << 2)));
    store<f32>(g + x, load<f32>(lut + (<usize>load<u8>(i + 1) << 2)));
    store<f32>(b + x, load<f32>(lut + (<usize>load<u8>(i + 2) << 2)));
    i += step;
  }
}

/**
 * Half of a 2×2 box average along a row of `width` floats into `out` (⌈width/2⌉ floats), in the
 * reference's order of additions: phase 0 stores in[2x] + in[2x+1] (the upper row); phase 1 adds
 * the lower row's two and multiplies by 1/4. An odd last column counts its pixel twice.
 */
export function downsampleRow(src: usize, out: usize, width: i32, phase: i32): void {
  const quarter = f32x4.splat(0.25);
  const pairs = width >> 1;
  const vectors = <usize>(pairs & ~3) << 2;
  for (let o: usize = 0; o < vectors; o += 16) {
    const a = v128.load(src + 2 * o);
    const b = v128.load(src + 2 * o + 16);
    const even = v128.shuffle<f32>(a, b, 0, 2, 4, 6);
    const odd = v128.shuffle<f32>(a, b, 1, 3, 5, 7);
    if (phase === 0) v128.store(out + o, f32x4.add(even, odd));
    else v128.store(out + o, f32x4.mul(f32x4.add(f32x4.add(v128.load(out + o), even), odd), quarter));
  }
  const ow = (width + 1) >> 1;
  for (let ox = <i32>(vectors >> 2); ox < ow; ox++) {
    const x0 = <usize>(2 * ox) << 2;
    const x1 = <usize>min(2 * ox + 1, width - 1) << 2;
    const o = out + (<usize>ox << 2);
    if (phase === 0) store<f32>(o, load<f32>(src + x0) + load<f32>(src + x1));
    else store<f32>(o, (load<f32>(o) + load<f32>(src + x0) + load<f32>(src + x1)) * 0.25);
  }
}

const C2: f32 = 0.0009;

/** Lane sum of a vector, in double precision. */
// @ts-ignore: AssemblyScript decorator
@inline
function total(v: v128): f64 {
  return <f64>f32x4.extract_lane(v, 0) + <f64>f32x4.extract_lane(v, 1) + <f64>f32x4.extract_lane(v, 2) + <f64>f32x4.extract_lane(v, 3);
}

/**
 * Adds one row of one channel to `sums` (six f64: SSIM error, its 4th power, artifact, its 4th
 * power, detail lost, its 4th power). mu/s are the blurred means, squares and product. SSIM' of
 * 2.1: the luminance term is 1 − (μ1 − μ2)², without SSIM's denominator. The edge maps'
 * (1 + |img2 − μ2|) / (1 + |img1 − μ1|) − 1 is computed as (|img2 − μ2| − |img1 − μ1|) / (1 + |img1 − μ1|):
 * the same value, but in single precision "1 +" would erase the small deviations that decide
 * high scores (the reference computes that line in double precision). The SSIM map is computed and
 * summed in double precision (see ssimError2); the edge maps' partial sums are kept in single
 * precision per row and added to the double-precision totals at its end.
 */
export function ssimEdgeRow(img1: usize, img2: usize, mu1: usize, mu2: usize, s11: usize, s22: usize, s12: usize, width: i32, sums: usize): void {
  let ss = f64x2.splat(0), ss4 = f64x2.splat(0);
  const pairs = <usize>(width & ~1) << 2;
  for (let x: usize = 0; x < pairs; x += 8) {
    const d = ssimError2(load64(mu1 + x), load64(mu2 + x), load64(s11 + x), load64(s22 + x), load64(s12 + x));
    const d2 = f64x2.mul(d, d);
    ss = f64x2.add(ss, d);
    ss4 = f64x2.add(ss4, f64x2.mul(d2, d2));
  }
  let tss = f64x2.extract_lane(ss, 0) + f64x2.extract_lane(ss, 1);
  let tss4 = f64x2.extract_lane(ss4, 0) + f64x2.extract_lane(ss4, 1);
  if (width & 1) {
    const x = pairs;
    const d = f64x2.extract_lane(ssimError2(load64(mu1 + x), load64(mu2 + x), load64(s11 + x), load64(s22 + x), load64(s12 + x)), 0);
    tss += d;
    tss4 += d * d * d * d;
  }
  store<f64>(sums, load<f64>(sums) + tss);
  store<f64>(sums + 8, load<f64>(sums + 8) + tss4);
  edgeRow(img1, img2, mu1, mu2, width, sums);
}

/** Two floats at `ptr` as two doubles. */
// @ts-ignore: AssemblyScript decorator
@inline
function load64(ptr: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(ptr));
}

/**
 * 1 − SSIM' for two pixels, in double precision: at the coarse scales the blurred squares minus the
 * squared means are a few units in the last place of single precision, which would turn into
 * errors of several points on high scores.
 */
// @ts-ignore: AssemblyScript decorator
@inline
function ssimError2(m1: v128, m2: v128, s11: v128, s22: v128, s12: v128): v128 {
  const one = f64x2.splat(1);
  const c2 = f64x2.splat(C2);
  const diff = f64x2.sub(m1, m2);
  const numM = f64x2.sub(one, f64x2.mul(diff, diff));
  const numS = f64x2.add(f64x2.mul(f64x2.splat(2), f64x2.sub(s12, f64x2.mul(m1, m2))), c2);
  const denS = f64x2.add(f64x2.add(f64x2.sub(s11, f64x2.mul(m1, m1)), f64x2.sub(s22, f64x2.mul(m2, m2))), c2);
  return f64x2.max(f64x2.sub(one, f64x2.div(f64x2.mul(numM, numS), denS)), f64x2.splat(0));
}

/** ssimEdgeRow for a channel where only the edge maps count: adds to sums[2…5]. */
export function edgeRow(img1: usize, img2: usize, mu1: usize, mu2: usize, width: i32, sums: usize): void {
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  let ar = zero, ar4 = zero, dl = zero, dl4 = zero;
  const vectors = <usize>(width & ~3) << 2;
  for (let x: usize = 0; x < vectors; x += 16) {
    const dev1 = f32x4.abs(f32x4.sub(v128.load(img1 + x), v128.load(mu1 + x)));
    const e = f32x4.div(f32x4.sub(f32x4.abs(f32x4.sub(v128.load(img2 + x), v128.load(mu2 + x))), dev1), f32x4.add(one, dev1));
    const art = f32x4.max(e, zero);
    const lost = f32x4.max(f32x4.neg(e), zero);
    const art2 = f32x4.mul(art, art);
    const lost2 = f32x4.mul(lost, lost);
    ar = f32x4.add(ar, art);
    ar4 = f32x4.add(ar4, f32x4.mul(art2, art2));
    dl = f32x4.add(dl, lost);
    dl4 = f32x4.add(dl4, f32x4.mul(lost2, lost2));
  }
  let tar = total(ar), tar4 = total(ar4), tdl = total(dl), tdl4 = total(dl4);
  for (let x = <usize>(width & ~3) << 2; x < (<usize>width << 2); x += 4) {
    const dev1 = abs<f32>(load<f32>(img1 + x) - load<f32>(mu1 + x));
    const e: f32 = (abs<f32>(load<f32>(img2 + x) - load<f32>(mu2 + x)) - dev1) / (1 + dev1);
    const art = max<f32>(e, 0);
    const lost = max<f32>(-e, 0);
    tar += art;
    tar4 += art * art * art * art;
    tdl += lost;
    tdl4 += lost * lost * lost * lost;
  }
  store<f64>(sums + 16, load<f64>(sums + 16) + tar);
  store<f64>(sums + 24, load<f64>(sums + 24) + tar4);
  store<f64>(sums + 32, load<f64>(sums + 32) + tdl);
  store<f64>(sums + 40, load<f64>(sums + 40) + tdl4);
}
