/**
 * The Gaussian blur SSIMULACRA2 uses: libjxl's "FastGaussian", a recursive (IIR) approximation
 * after Charalampidis, "Recursive Implementation of the Gaussian Filter Using Truncated Cosine
 * Functions" (2016). Three second-order recursions (k = 1, 3, 5) run over the sum of two inputs
 * placed symmetrically around the output; the image outside its borders counts as zero, exactly as
 * in the reference, so scores match it at the borders too.
 *
 * The blur here streams: rows go in one at a time, are blurred horizontally into a small ring of
 * rows, and the vertical recursion emits finished rows as soon as the rows below them have arrived.
 * Memory is O(width), whatever the height, and every row stays in cache.
 */
import type { Arena, Row } from './kernels/index.js';

export interface RecursiveGaussian {
  /** N in the paper: the filter looks N − 1 rows ahead and N + 1 behind. */
  readonly radius: number;
  /** Input weight per recursion k = 1, 3, 5 (n2 in the paper, eq. 33). */
  readonly n2: readonly [number, number, number];
  /** Feedback weight per recursion (d1, eq. 33). */
  readonly d1: readonly [number, number, number];
}

function invert3x3(m: number[]): number[] {
  const [a, b, c, d, e, f, g, h, i] = m as [number, number, number, number, number, number, number, number, number];
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-300) throw new Error('singular matrix in Gaussian coefficients');
  const k = 1 / det;
  return [
    A * k,
    -(b * i - c * h) * k,
    (b * f - c * e) * k,
    B * k,
    (a * i - c * g) * k,
    -(a * f - c * d) * k,
    C * k,
    -(a * h - b * g) * k,
    (a * e - b * d) * k,
  ];
}

/** The filter constants for `sigma`, derived as in the paper (equation numbers in comments). */
export function createRecursiveGaussian(sigma: number): RecursiveGaussian {
  const radius = Math.round(3.2795 * sigma + 0.2546); // (57)
  const piDiv2r = Math.PI / (2 * radius);
  const omega = [piDiv2r, 3 * piDiv2r, 5 * piDiv2r] as const;
  // (37)
  const p1 = 1 / Math.tan(0.5 * omega[0]);
  const p3 = -1 / Math.tan(0.5 * omega[1]);
  const p5 = 1 / Math.tan(0.5 * omega[2]);
  // (44)
  const r1 = (p1 * p1) / Math.sin(omega[0]);
  const r3 = (-p3 * p3) / Math.sin(omega[1]);
  const r5 = (p5 * p5) / Math.sin(omega[2]);
  // (50)
  const rho = omega.map((w) => Math.exp(-0.5 * sigma * sigma * w * w) / radius) as [number, number, number];
  // (52)
  const d13 = p1 * r3 - r1 * p3;
  const d35 = p3 * r5 - r3 * p5;
  const d51 = p5 * r1 - r5 * p1;
  const zeta15 = d35 / d13;
  const zeta35 = d51 / d13;
  const inv = invert3x3([p1, p3, p5, r1, r3, r5, zeta15, zeta35, 1]); // (56)
  const gamma = [1, radius * radius - sigma * sigma, zeta15 * rho[0] + zeta35 * rho[1] + rho[2]]; // (55)
  const beta = [0, 1, 2].map((row) => inv[row * 3]! * gamma[0]! + inv[row * 3 + 1]! * gamma[1]! + inv[row * 3 + 2]! * gamma[2]!); // (53)
  // The reference keeps the constants in single precision; so do we, so rounding matches.
  const n2 = [0, 1, 2].map((k) => Math.fround(-beta[k]! * Math.cos(omega[k]! * (radius + 1)))) as [number, number, number];
  const d1 = [0, 1, 2].map((k) => Math.fround(-2 * Math.cos(omega[k]!))) as [number, number, number];
  return { radius, n2, d1 };
}

/**
 * Blurs `count` quantities at once over an image of `width` × `height`, streaming rows, with the
 * WebAssembly SIMD kernels (./kernels): the horizontal pass runs four quantities in the lanes of
 * one vector, the vertical pass four columns.
 *
 * Its rows live in the kernels' memory (`arena`); the caller allocates whatever else it needs,
 * calls `arena.views()` if it reads or writes through views, then `run(produce, consume)`:
 * `produce(y)` must point `inputs[q]` at the y-th input row of every quantity — a row allocated
 * with the blur's zero border (`inputRow()`, or `arena.allocBordered(width, ...border(rg))`), whose
 * `width` values the blur reads without copying them; `consume(n)` reads the n-th blurred row of
 * every quantity from `outputs[q]`. Rows are produced in order 0…height−1 and consumed in order
 * 0…height−1, the consumer trailing the producer by radius − 1 rows.
 */
export class StreamingGaussian {
  private readonly radius: number;
  private readonly ringRows: number;
  private readonly stride: number;
  /** Per quantity, the row produce() points it at. */
  readonly inputs: number[];
  /** Horizontally blurred rows: per quantity, a ring of 2N + 1 rows. */
  private readonly ring: Row[][];
  /**
   * Vertical recursion state per quantity: six planes, yk[n−1] and yk[n−2] for k = 1, 3, 5, the two
   * halves swapping roles every row (so the new value overwrites yk[n−2] and nothing is copied).
   */
  private readonly state: Row[];
  readonly outputs: Row[];
  private readonly zero: Row;
  /** The input of the empty lanes of the last group of four: a zero row with its border. */
  private readonly zeroInput: Row;
  /** Where the empty lanes of the last group of four write. */
  private readonly spare: Row;

  constructor(
    private readonly rg: RecursiveGaussian,
    private readonly arena: Arena,
    readonly width: number,
    readonly height: number,
    readonly count: number,
  ) {
    const N = rg.radius;
    this.radius = N;
    this.ringRows = 2 * N + 1;
    this.stride = Math.ceil(width / 4) * 4;
    this.inputs = new Array<number>(count).fill(0);
    this.ring = Array.from({ length: count }, () => Array.from({ length: this.ringRows }, () => arena.alloc(width)));
    this.state = Array.from({ length: count }, () => arena.alloc(6 * this.stride));
    this.outputs = Array.from({ length: count }, () => arena.alloc(width));
    this.zero = arena.alloc(width);
    this.zeroInput = this.inputRow();
    this.spare = arena.alloc(width);
  }

  /** A zeroed input row with the border the blur reads around it. */
  inputRow(): Row {
    return this.arena.allocBordered(this.width, ...border(this.rg));
  }

  run(produce: (y: number) => void, consume: (n: number) => void): void {
    const { height: h, count, radius: N, ringRows, width: w, stride, inputs } = this;
    const k = this.arena.kernels;
    const [m1, m3, m5] = this.rg.n2;
    const [d1, d3, d5] = this.rg.d1;
    const ring = this.ring.map((rows) => rows.map((r) => r.ptr));
    const state = this.state.map((s) => s.ptr);
    const outputs = this.outputs.map((o) => o.ptr);
    const zero = this.zero.ptr;
    const spare = this.spare.ptr;
    // The horizontal kernel reads each input from 2N floats before the row.
    const lead = 2 * N * 4;
    const zeroInput = this.zeroInput.ptr - lead;
    for (let n = -N + 1; n < h; n++) {
      const bottom = n + N - 1;
      const top = n - N - 1;
      if (bottom < h) {
        produce(bottom);
        const slot = bottom % ringRows;
        for (let q = 0; q < count; q += 4) {
          const p1 = q + 1 < count ? inputs[q + 1]! - lead : zeroInput;
          const p2 = q + 2 < count ? inputs[q + 2]! - lead : zeroInput;
          const p3 = q + 3 < count ? inputs[q + 3]! - lead : zeroInput;
          const o1 = q + 1 < count ? ring[q + 1]![slot]! : spare;
          const o2 = q + 2 < count ? ring[q + 2]![slot]! : spare;
          const o3 = q + 3 < count ? ring[q + 3]![slot]! : spare;
          k.horizontal4(inputs[q]! - lead, p1, p2, p3, ring[q]![slot]!, o1, o2, o3, w, N, m1, m3, m5, d1, d3, d5);
        }
      }
      const parity = n & 1;
      for (let q = 0; q < count; q++) {
        const topRow = top >= 0 ? ring[q]![top % ringRows]! : zero;
        const bottomRow = bottom < h ? ring[q]![bottom % ringRows]! : zero;
        k.vertical(topRow, bottomRow, state[q]!, parity, outputs[q]!, stride, m1, m3, m5, d1, d3, d5);
      }
      if (n >= 0) consume(n);
    }
  }
}

/** The zero floats the blur reads before and after each input row: 2N and N. */
export function border(rg: RecursiveGaussian): [before: number, after: number] {
  return [2 * rg.radius, rg.radius];
}
