/**
 * The WebAssembly SIMD kernels of SSIMULACRA2, each against the formula it implements computed
 * plainly in double precision, at widths that are and are not multiples of the vector width (the
 * tails are where SIMD code goes wrong); and the embedded module against its source.
 */
import { describe, expect, it } from 'vitest';
import { compileKernels } from '../../scripts/kernels/compile.js';
import { Arena, metricKernels, newArena, recycleArena, type Row } from '../../src/quality/metric/kernels/index.js';
import { METRIC_WASM_BASE64 } from '../../src/quality/metric/kernels/metric-wasm.js';
import { StreamingGaussian, createRecursiveGaussian } from '../../src/quality/metric/recursive-gaussian.js';
import { ByteSource, DownsampleTap, downsample, type LinearSource } from '../../src/quality/metric/xyb.js';

/** Deterministic pseudo-random values in [lo, hi) (mulberry32: nearby seeds give unrelated sequences). */
function randoms(n: number, seed: number, lo = 0, hi = 1): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.fround(lo + ((hi - lo) * ((t ^ (t >>> 14)) >>> 0)) / 2 ** 32);
  });
}

const GAUSSIAN = createRecursiveGaussian(1.5);

/** The recursion along one line, zeros outside it, in double precision (the definition). */
function recursion1d(input: ArrayLike<number>): number[] {
  const N = GAUSSIAN.radius;
  const at = (i: number): number => (i >= 0 && i < input.length ? input[i]! : 0);
  const a = [0, 0, 0];
  const b = [0, 0, 0];
  const out: number[] = [];
  for (let n = -N + 1; n < input.length; n++) {
    const sum = at(n - N - 1) + at(n + N - 1);
    let total = 0;
    for (let k = 0; k < 3; k++) {
      const y = GAUSSIAN.n2[k]! * sum - GAUSSIAN.d1[k]! * a[k]! - b[k]!;
      b[k] = a[k]!;
      a[k] = y;
      total += y;
    }
    if (n >= 0) out.push(total);
  }
  return out;
}

function blurDirectly(plane: Float32Array, w: number, h: number): Float64Array {
  const rows = Array.from({ length: h }, (_, y) => recursion1d(plane.subarray(y * w, (y + 1) * w)));
  const out = new Float64Array(w * h);
  for (let x = 0; x < w; x++) {
    const column = recursion1d(rows.map((r) => r[x]!));
    for (let y = 0; y < h; y++) out[y * w + x] = column[y]!;
  }
  return out;
}

describe('metric kernels', () => {
  it('the embedded WebAssembly is the compiled kernel source (run `npm run build:kernels` after editing it)', async () => {
    const compiled = await compileKernels();
    expect(Buffer.from(METRIC_WASM_BASE64, 'base64').equals(Buffer.from(compiled))).toBe(true);
  }, 60_000);

  for (const [w, h, count] of [
    [13, 9, 1],
    [17, 23, 5],
    [8, 8, 4],
    [31, 12, 7],
  ] as const) {
    it(`the streaming blur is the recursion applied along rows then columns (${w}×${h}, ${count} quantities)`, () => {
      const arena = new Arena(metricKernels());
      const planes = Array.from({ length: count }, (_, q) => randoms(w * h, 7 + q));
      const blur = new StreamingGaussian(GAUSSIAN, arena, w, h, count);
      const rows = planes.map(() => blur.inputRow());
      arena.views();
      const got = Array.from({ length: count }, () => new Float32Array(w * h));
      let consumed = 0;
      blur.run(
        (y) => {
          for (let q = 0; q < count; q++) {
            rows[q]!.view.set(planes[q]!.subarray(y * w, (y + 1) * w));
            blur.inputs[q] = rows[q]!.ptr;
          }
        },
        (n) => {
          consumed++;
          for (let q = 0; q < count; q++) got[q]!.set(blur.outputs[q]!.view, n * w);
        },
      );
      expect(consumed).toBe(h);
      for (let q = 0; q < count; q++) {
        const want = blurDirectly(planes[q]!, w, h);
        let worst = 0;
        for (let i = 0; i < w * h; i++) worst = Math.max(worst, Math.abs(got[q]![i]! - want[i]!));
        expect(worst, `quantity ${q}`).toBeLessThan(1e-5);
      }
    });
  }

  it('the error-map rows add what the formulas give, at every width up to 11', () => {
    const k = metricKernels();
    for (let w = 1; w <= 11; w++) {
      const arena = new Arena(k);
      const [img1, img2, mu1, mu2] = [0, 1, 2, 3].map((i) => randoms(w, 100 * w + i, 0.2, 0.8)) as [Float32Array, Float32Array, Float32Array, Float32Array];
      // Blurred squares a little above the squared means: a plausible local variance.
      const spread = randoms(w, 9 * w, 0, 0.01);
      const s11 = mu1.map((m, x) => m * m + spread[x]!);
      const s22 = mu2.map((m, x) => m * m + spread[x]! / 2);
      const s12 = mu1.map((m, x) => m * mu2[x]! + spread[x]! / 3);
      const data = [img1, img2, mu1, mu2, s11, s22, s12];
      const rows = data.map(() => arena.alloc(w));
      const sums = arena.doubles(6);
      const edgeSums = arena.doubles(6);
      arena.views();
      rows.forEach((row, i) => row.view.set(data[i]!));
      const [p1, p2, pm1, pm2, p11, p22, p12] = rows.map((r) => r.ptr) as [number, number, number, number, number, number, number];
      k.ssimEdgeRow(p1, p2, pm1, pm2, p11, p22, p12, w, sums.ptr);
      k.edgeRow(p1, p2, pm1, pm2, w, edgeSums.ptr);
      const want = [0, 0, 0, 0, 0, 0];
      for (let x = 0; x < w; x++) {
        const m1 = mu1[x]!;
        const m2 = mu2[x]!;
        const numM = 1 - (m1 - m2) ** 2;
        const numS = 2 * (s12[x]! - m1 * m2) + 0.0009;
        const denS = s11[x]! - m1 * m1 + (s22[x]! - m2 * m2) + 0.0009;
        const d = Math.max(1 - (numM * numS) / denS, 0);
        const e = (1 + Math.abs(img2[x]! - m2)) / (1 + Math.abs(img1[x]! - m1)) - 1;
        const terms = [d, d ** 4, Math.max(e, 0), Math.max(e, 0) ** 4, Math.max(-e, 0), Math.max(-e, 0) ** 4];
        terms.forEach((t, i) => (want[i]! += t));
      }
      const got = sums.read();
      const gotEdge = edgeSums.read();
      for (let i = 0; i < 6; i++) {
        expect(Math.abs(got[i]! - want[i]!), `width ${w}, sum ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(1e-5 * Math.abs(want[i]!));
        expect(gotEdge[i], `width ${w}, edge-only sum ${i}`).toBe(i >= 2 ? got[i] : 0);
      }
    }
  });

  it('multiply writes exactly the width it is given: the zeros after a blur input are its border', () => {
    const k = metricKernels();
    for (let w = 1; w <= 9; w++) {
      const arena = new Arena(k);
      const a = arena.alloc(w + 8);
      const b = arena.alloc(w + 8);
      const out = arena.alloc(w + 8);
      arena.views();
      a.view.set(randoms(w + 8, w, 1, 2));
      b.view.set(randoms(w + 8, w + 1, 1, 2));
      k.multiply(a.ptr, b.ptr, out.ptr, w);
      for (let x = 0; x < w + 8; x++) expect(out.view[x], `width ${w}, x ${x}`).toBe(x < w ? Math.fround(a.view[x]! * b.view[x]!) : 0);
    }
  });

  it('linear RGB → positive XYB matches the formula in double precision', () => {
    const k = metricKernels();
    const w = 4099;
    const arena = new Arena(k);
    const [r, g, b, X, Y, B] = [0, 1, 2, 3, 4, 5].map(() => arena.alloc(w)) as [Row, Row, Row, Row, Row, Row];
    arena.views();
    r.view.set(randoms(w, 1));
    g.view.set(randoms(w, 2));
    b.view.set(randoms(w, 3));
    const bias = 0.0037930732552754493;
    k.linearToXyb(r.ptr, g.ptr, b.ptr, X.ptr, Y.ptr, B.ptr, w);
    let worst = 0;
    for (let x = 0; x < w; x++) {
      const [R, G, Bl] = [r.view[x]!, g.view[x]!, b.view[x]!];
      const l = Math.cbrt(0.3 * R + 0.622 * G + 0.078 * Bl + bias) - Math.cbrt(bias);
      const m = Math.cbrt(0.23 * R + 0.692 * G + 0.078 * Bl + bias) - Math.cbrt(bias);
      const s = Math.cbrt(0.24342268924547819 * R + 0.20476744424496821 * G + (1 - 0.24342268924547819 - 0.20476744424496821) * Bl + bias) - Math.cbrt(bias);
      const want = [7 * (l - m) + 0.42, 0.5 * (l + m) + 0.01, s - 0.5 * (l + m) + 0.55];
      worst = Math.max(worst, Math.abs(X.view[x]! - want[0]!), Math.abs(Y.view[x]! - want[1]!), Math.abs(B.view[x]! - want[2]!));
    }
    expect(worst).toBeLessThan(5e-6);
  });

  it('rows keep their contents when the memory grows, and views() makes fresh views of them', () => {
    const arena = new Arena(metricKernels());
    arena.begin();
    const first = arena.alloc(16);
    arena.views();
    first.view.set(randoms(16, 5));
    const before = first.view.slice();
    const big = arena.alloc(4_000_000); // 16 MB: more than the memory has yet
    arena.views();
    expect(big.view.length).toBe(4_000_000);
    expect(first.view.buffer).toBe(big.view.buffer);
    expect(Array.from(first.view)).toEqual(Array.from(before));
    expect(Array.from(big.view.subarray(0, 8))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
  it('linear RGB → XYB zeroes the lanes past the width (the blur reads them as the border)', () => {
    const k = metricKernels();
    for (let w = 1; w <= 9; w++) {
      const arena = new Arena(k);
      const [r, g, b, X, Y, B] = [0, 1, 2, 3, 4, 5].map(() => arena.alloc(w + 8)) as [Row, Row, Row, Row, Row, Row];
      arena.views();
      for (const row of [r, g, b]) row.view.set(randoms(w + 8, w, 0.1, 0.9));
      for (const row of [X, Y, B]) row.view.fill(7);
      k.linearToXyb(r.ptr, g.ptr, b.ptr, X.ptr, Y.ptr, B.ptr, w);
      const vectorEnd = Math.ceil(w / 4) * 4;
      for (const row of [X, Y, B]) {
        for (let x = 0; x < w + 8; x++) {
          const v = row.view[x]!;
          if (x < w) expect(v, `width ${w}, x ${x}`).not.toBe(7);
          else if (x < vectorEnd) expect(v, `width ${w}, x ${x}`).toBe(0);
          else expect(v, `width ${w}, x ${x} (past the last vector: untouched)`).toBe(7);
        }
      }
    }
  });

  it('sRGB bytes → linear rows, RGB and RGBA, and transparency blended onto the background', () => {
    const linear = (v: number): number => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    for (const channels of [3, 4] as const) {
      const w = 11;
      const data = Uint8Array.from({ length: w * 2 * channels }, (_, i) => (i * 37 + 11) % 256);
      // Row 1 opaque everywhere, row 0 with alpha as generated.
      if (channels === 4) for (let x = 0; x < w; x++) data[(w + x) * 4 + 3] = 255;
      const arena = new Arena(metricKernels());
      const src = new ByteSource(arena, { data, width: w, height: 2, channels }, 0.5);
      for (const y of [0, 1]) {
        const rows = src.row(y).map((p) => Array.from(new Float32Array(arena.kernels.memory.buffer, p, w)));
        for (let x = 0; x < w; x++) {
          const i = (y * w + x) * channels;
          const alpha = channels === 4 ? data[i + 3]! / 255 : 1;
          for (let c = 0; c < 3; c++) {
            const want = alpha === 1 ? linear(data[i + c]! / 255) : linear(Math.fround(alpha * (data[i + c]! / 255) + (1 - alpha) * 0.5));
            expect(Math.abs(rows[c]![x]! - want), `${channels} channels, row ${y}, x ${x}, c ${c}`).toBeLessThan(1e-6);
          }
        }
      }
    }
  });

  /** A linear source over given planes (for the downsampling tests). */
  function planeSource(arena: Arena, w: number, h: number, seed: number): { src: LinearSource; planes: Float32Array[] } {
    const planes = [0, 1, 2].map((c) => randoms(w * h, seed + c));
    const rows = [arena.alloc(w), arena.alloc(w), arena.alloc(w)] as const;
    const ptrs = [rows[0].ptr, rows[1].ptr, rows[2].ptr] as const;
    return {
      planes,
      src: {
        width: w,
        height: h,
        row(y) {
          const floats = arena.floats();
          planes.forEach((p, c) => floats.set(p.subarray(y * w, (y + 1) * w), ptrs[c]! / 4));
          return ptrs;
        },
      },
    };
  }

  for (const [w, h] of [
    [1, 1],
    [8, 8],
    [9, 7],
    [13, 10],
    [18, 3],
  ] as const) {
    it(`halves by 2×2 box averages in the reference's order of additions, odd edges repeated (${w}×${h})`, () => {
      const arena = new Arena(metricKernels());
      const { src, planes } = planeSource(arena, w, h, 40 + w);
      const half = downsample(src, arena);
      const ow = Math.ceil(w / 2);
      expect([half.width, half.height]).toEqual([ow, Math.ceil(h / 2)]);
      for (let oy = 0; oy < half.height; oy++) {
        const got = half.row(oy).map((p) => new Float32Array(arena.kernels.memory.buffer, p, ow));
        for (let ox = 0; ox < ow; ox++) {
          const xs = [2 * ox, Math.min(2 * ox + 1, w - 1)];
          const ys = [2 * oy, Math.min(2 * oy + 1, h - 1)];
          for (let c = 0; c < 3; c++) {
            // In single precision, one addition at a time (libjxl's Downsample).
            let sum = 0;
            for (const y of ys) for (const x of xs) sum = Math.fround(sum + planes[c]![y * w + x]!);
            expect(got[c]![ox], `(${ox}, ${oy}) channel ${c}`).toBe(Math.fround(sum * 0.25));
          }
        }
      }
    });
  }

  it('a downsampling tap passes rows through unchanged and insists on reading each row once, in order', () => {
    const arena = new Arena(metricKernels());
    const { src, planes } = planeSource(arena, 6, 5, 3);
    const tap = new DownsampleTap(src, arena);
    expect(() => tap.row(1)).toThrow(/in order/);
    const first = Array.from(new Float32Array(arena.kernels.memory.buffer, tap.row(0)[0], 6));
    expect(first).toEqual(Array.from(planes[0]!.subarray(0, 6)));
    expect(() => tap.result()).toThrow(/every row/);
  });

  it('a recycled arena hands out zeroed memory again', () => {
    const arena = newArena();
    const row = arena.alloc(64);
    arena.views();
    row.view.fill(3);
    recycleArena(arena);
    const again = newArena();
    expect(again).toBe(arena);
    const fresh = again.alloc(64);
    again.views();
    expect(fresh.ptr).toBe(row.ptr);
    expect(Array.from(fresh.view).every((v) => v === 0)).toBe(true);
  });
});
