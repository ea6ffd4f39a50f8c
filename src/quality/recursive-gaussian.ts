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
 * Blurs `count` quantities at once over an image of `width` × `height`, streaming rows.
 * `run(produce, consume)`: `produce(y, rows)` must write the y-th input row of every quantity into
 * `rows[q]` (length `width`); `consume(n, rows)` receives the n-th blurred row of every quantity.
 * Rows are produced in order 0…height−1 and consumed in order 0…height−1, the consumer trailing
 * the producer by radius − 1 rows.
 */
export class StreamingGaussian {
  private readonly radius: number;
  private readonly ringRows: number;
  /** Each quantity's input row, with 2N zeros before and N zeros after (the zero border). */
  private readonly padded: Float32Array[];
  private readonly inputs: Float32Array[];
  /** Horizontally blurred rows: per quantity, a ring of 2N + 1 row views. */
  private readonly ring: Float32Array[][];
  /**
   * Vertical recursion state per quantity, six values per column: yk[n−1] and yk[n−2] for
   * k = 1, 3, 5, the two halves swapping roles every row (so the new value overwrites yk[n−2] and
   * nothing is copied). Single precision like the reference; it also halves the state, which for
   * 15 quantities would otherwise fall out of the CPU's L2 cache and double the time.
   */
  private readonly state: Float32Array[];
  private readonly outputs: Float32Array[];
  private readonly zero: Float32Array;

  constructor(
    private readonly rg: RecursiveGaussian,
    readonly width: number,
    readonly height: number,
    readonly count: number,
  ) {
    const N = rg.radius;
    this.radius = N;
    this.ringRows = 2 * N + 1;
    this.padded = Array.from({ length: count }, () => new Float32Array(width + 3 * N));
    this.inputs = this.padded.map((p) => p.subarray(2 * N, 2 * N + width));
    this.ring = Array.from({ length: count }, () => {
      const buffer = new Float32Array(this.ringRows * width);
      return Array.from({ length: this.ringRows }, (_, r) => buffer.subarray(r * width, (r + 1) * width));
    });
    this.state = Array.from({ length: count }, () => new Float32Array(6 * width));
    this.outputs = Array.from({ length: count }, () => new Float32Array(width));
    this.zero = new Float32Array(width);
  }

  run(produce: (y: number, rows: readonly Float32Array[]) => void, consume: (n: number, rows: readonly Float32Array[]) => void): void {
    const { height: h, count, radius: N, ringRows } = this;
    for (const s of this.state) s.fill(0);
    for (let n = -N + 1; n < h; n++) {
      const bottom = n + N - 1;
      const top = n - N - 1;
      if (bottom < h) {
        produce(bottom, this.inputs);
        for (let q = 0; q < count; q++) this.horizontal(this.padded[q]!, this.ring[q]![bottom % ringRows]!);
      }
      for (let q = 0; q < count; q++) {
        const ring = this.ring[q]!;
        const topRow = top >= 0 ? ring[top % ringRows]! : this.zero;
        const bottomRow = bottom < h ? ring[bottom % ringRows]! : this.zero;
        this.vertical(topRow, bottomRow, this.state[q]!, n & 1, this.outputs[q]!);
      }
      if (n >= 0) consume(n, this.outputs);
    }
  }

  /** One row: out[n] = Σk yk[n], yk[n] = n2k·(in[n−N−1] + in[n+N−1]) − d1k·yk[n−1] − yk[n−2]. */
  private horizontal(padded: Float32Array, out: Float32Array): void {
    const N = this.radius;
    const w = this.width;
    const [m1, m3, m5] = this.rg.n2;
    const [d1, d3, d5] = this.rg.d1;
    let a1 = 0, a3 = 0, a5 = 0, b1 = 0, b3 = 0, b5 = 0;
    // padded[i + 2N] = in[i], so in[n − N − 1] is padded[n + N − 1] and in[n + N − 1] is padded[n + 3N − 1].
    const lead = 2 * N;
    // Warm-up: positions left of the image feed the recursion but are not written.
    for (let j = 0; j < N - 1; j++) {
      const sum = padded[j]! + padded[j + lead]!;
      const y1 = m1 * sum - b1 - d1 * a1;
      const y3 = m3 * sum - b3 - d3 * a3;
      const y5 = m5 * sum - b5 - d5 * a5;
      b1 = a1; b3 = a3; b5 = a5;
      a1 = y1; a3 = y3; a5 = y5;
    }
    for (let n = 0, j = N - 1; n < w; n++, j++) {
      const sum = padded[j]! + padded[j + lead]!;
      const y1 = m1 * sum - b1 - d1 * a1;
      const y3 = m3 * sum - b3 - d3 * a3;
      const y5 = m5 * sum - b5 - d5 * a5;
      b1 = a1; b3 = a3; b5 = a5;
      a1 = y1; a3 = y3; a5 = y5;
      out[n] = y1 + y3 + y5;
    }
  }

  private vertical(top: Float32Array, bottom: Float32Array, st: Float32Array, parity: number, out: Float32Array): void {
    const [m1, m3, m5] = this.rg.n2;
    const [d1, d3, d5] = this.rg.d1;
    const w = this.width;
    // prev: where yk[n−1] is; older: where yk[n−2] is, and where yk[n] goes.
    const prev = parity === 0 ? 0 : 3;
    const older = 3 - prev;
    for (let x = 0, i = 0; x < w; x++, i += 6) {
      const sum = top[x]! + bottom[x]!;
      const p = i + prev;
      const o = i + older;
      const y1 = m1 * sum - st[o]! - d1 * st[p]!;
      const y3 = m3 * sum - st[o + 1]! - d3 * st[p + 1]!;
      const y5 = m5 * sum - st[o + 2]! - d5 * st[p + 2]!;
      st[o] = y1;
      st[o + 1] = y3;
      st[o + 2] = y5;
      out[x] = y1 + y3 + y5;
    }
  }
}
