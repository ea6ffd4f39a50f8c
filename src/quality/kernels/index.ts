/**
 * The WebAssembly SIMD kernels of SSIMULACRA2 (./assembly/metric.ts) and the memory they work in.
 *
 * Each thread (the main thread and every metric worker) instantiates the module once. The metric
 * computes one scale at a time; `Arena.begin()` starts a scale, `alloc` hands out 16-byte-aligned,
 * zeroed rows, and `views()` makes the JavaScript views of them once every row of the scale is
 * allocated — growing the memory detaches earlier views, so nothing may be read through a view made
 * before the last allocation.
 */
import { METRIC_WASM_BASE64 } from './metric-wasm.js';

// The project's type library (ES2023 + Node) declares no WebAssembly values: the little used here.
interface KernelMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
};

export interface MetricKernels {
  horizontal4(p0: number, p1: number, p2: number, p3: number, o0: number, o1: number, o2: number, o3: number, width: number, radius: number, n1: number, n3: number, n5: number, d1: number, d3: number, d5: number): void;
  vertical(top: number, bottom: number, state: number, parity: number, out: number, stride: number, n1: number, n3: number, n5: number, d1: number, d3: number, d5: number): void;
  multiply(a: number, b: number, out: number, width: number): void;
  linearToXyb(r: number, g: number, b: number, outX: number, outY: number, outB: number, stride: number): void;
  ssimEdgeRow(img1: number, img2: number, mu1: number, mu2: number, s11: number, s22: number, s12: number, width: number, sums: number): void;
  edgeRow(img1: number, img2: number, mu1: number, mu2: number, width: number, sums: number): void;
  readonly memory: KernelMemory;
}

/** Bytes below this belong to the module itself (it keeps no data, but the first page stays its own). */
const HEAP_START = 65536;
const PAGE = 65536;

/** A row of floats in kernel memory: its byte offset, and a view made by `Arena.views()`. */
export class Row {
  view: Float32Array = new Float32Array(0);
  constructor(
    readonly ptr: number,
    readonly length: number,
  ) {}
}

export class Arena {
  private top = HEAP_START;
  private rows: Row[] = [];

  constructor(readonly kernels: MetricKernels) {}

  /** Starts a scale: everything allocated since the last begin() is free again. */
  begin(): void {
    this.top = HEAP_START;
    this.rows = [];
  }

  /** A zeroed row of `length` floats (`length` rounded up to a whole vector of 4). */
  alloc(length: number): Row {
    const bytes = Math.ceil(length / 4) * 16;
    const end = this.top + bytes;
    const memory = this.kernels.memory;
    if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE));
    new Uint8Array(memory.buffer, this.top, bytes).fill(0);
    const row = new Row(this.top, length);
    this.top = end;
    this.rows.push(row);
    return row;
  }

  /** The part of `row` from float `offset`, `length` floats long (not aligned unless `offset` is a multiple of 4). */
  sub(row: Row, offset: number, length: number): Row {
    if (offset + length > row.length) throw new RangeError('sub-row outside its row');
    const part = new Row(row.ptr + offset * 4, length);
    this.rows.push(part);
    return part;
  }

  /** Makes every row's view; call after the last alloc() of the scale. */
  views(): void {
    const buffer = this.kernels.memory.buffer;
    for (const row of this.rows) if (row.view.buffer !== buffer) row.view = new Float32Array(buffer, row.ptr, row.length);
  }

  /** `count` zeroed doubles (the row kernels' running sums), and a copy of them when asked. */
  doubles(count: number): { readonly ptr: number; read(): Float64Array } {
    const row = this.alloc(2 * count);
    return { ptr: row.ptr, read: () => new Float64Array(this.kernels.memory.buffer, row.ptr, count).slice() };
  }
}

let instance: MetricKernels | undefined;

/** This thread's kernels, instantiated on first use (synchronously: the module is 4 KB). */
export function metricKernels(): MetricKernels {
  if (!instance) {
    const module = new WebAssembly.Module(Buffer.from(METRIC_WASM_BASE64, 'base64'));
    instance = new WebAssembly.Instance(module, {}).exports as unknown as MetricKernels;
  }
  return instance;
}

let arena: Arena | undefined;

/** This thread's arena over its kernels' memory (the metric is synchronous: one scale at a time). */
export function metricArena(): Arena {
  arena ??= new Arena(metricKernels());
  return arena;
}
