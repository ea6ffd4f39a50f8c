/**
 * The WebAssembly SIMD kernels of SSIMULACRA2 (./assembly/metric.ts) and the memory they work in.
 *
 * Each instance of the module has its own memory, managed by an Arena: a stack of 16-byte-aligned,
 * zeroed rows. `mark()` and `reset(mark)` free everything allocated since the mark; `views()` makes
 * the JavaScript views of the rows that need one, after the last allocation — growing the memory
 * detaches earlier views, so nothing may be read through a view made before the last allocation.
 * Each thread has one instance for scores from scratch (`metricArena()`); a prepared reference gets
 * an instance of its own (`newArena()`), which keeps its planes at the bottom of the memory while
 * candidates are scored in the space above them, and is freed with it.
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
  linearToXyb(r: number, g: number, b: number, outX: number, outY: number, outB: number, width: number): void;
  srgbRow(bytes: number, channels: number, lut: number, r: number, g: number, b: number, width: number): void;
  downsampleRow(src: number, out: number, width: number, phase: number): void;
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

/** A point in an Arena's stack to return to. */
export interface ArenaMark {
  readonly top: number;
  readonly rows: number;
}

export class Arena {
  private top = HEAP_START;
  /**
   * Memory above this offset has never been handed out, so it is still zero (memory the instance
   * had before this arena was made may have been used by another).
   */
  private untouched: number;
  private rows: Row[] = [];
  private byteView = new Uint8Array(0);
  private floatView = new Float32Array(0);

  constructor(readonly kernels: MetricKernels) {
    this.untouched = kernels.memory.buffer.byteLength;
  }

  mark(): ArenaMark {
    return { top: this.top, rows: this.rows.length };
  }

  /** Frees everything allocated since `mark` (its memory is zeroed again when handed out). */
  reset(mark: ArenaMark): void {
    this.top = mark.top;
    this.rows.length = mark.rows;
  }

  /** Frees everything. */
  begin(): void {
    this.reset({ top: HEAP_START, rows: 0 });
  }

  /** `bytes` zeroed bytes, 16-byte aligned; returns their offset. */
  allocBytes(bytes: number): number {
    const size = Math.ceil(bytes / 16) * 16;
    const start = this.top;
    const end = start + size;
    const memory = this.kernels.memory;
    const have = memory.buffer.byteLength;
    // Grown by at least an eighth at a time: a prepared reference allocates many planes in a row.
    if (end > have) memory.grow(Math.ceil(Math.max(end - have, have / 8) / PAGE));
    if (start < this.untouched) this.bytes().fill(0, start, Math.min(end, this.untouched));
    this.untouched = Math.max(this.untouched, end);
    this.top = end;
    return start;
  }

  /** A zeroed row of `length` floats (`length` rounded up to a whole vector of 4), with a view after views(). */
  alloc(length: number): Row {
    const row = new Row(this.allocBytes(length * 4), length);
    this.rows.push(row);
    return row;
  }

  /**
   * A zeroed row of `length` floats with `before` zero floats in front of it and `after` behind
   * (rounded up to whole vectors): the zero border a blur reads around its input. Only the row's
   * own floats may ever be written.
   */
  allocBordered(length: number, before: number, after: number): Row {
    const lead = Math.ceil(before / 4) * 4;
    const start = this.allocBytes((lead + Math.ceil(length / 4) * 4 + after) * 4);
    const row = new Row(start + lead * 4, length);
    this.rows.push(row);
    return row;
  }

  /** Makes every row's view; call after the last alloc() before reading or writing through views. */
  views(): void {
    const buffer = this.kernels.memory.buffer;
    for (const row of this.rows) if (row.view.buffer !== buffer) row.view = new Float32Array(buffer, row.ptr, row.length);
  }

  /** The whole memory as bytes (a fresh view whenever the memory has grown). */
  bytes(): Uint8Array {
    const buffer = this.kernels.memory.buffer;
    if (this.byteView.buffer !== buffer) this.byteView = new Uint8Array(buffer);
    return this.byteView;
  }

  /** The whole memory as floats, indexed by byte offset / 4. */
  floats(): Float32Array {
    const buffer = this.kernels.memory.buffer;
    if (this.floatView.buffer !== buffer) this.floatView = new Float32Array(buffer);
    return this.floatView;
  }

  /** Copies `length` floats from offset `from` to offset `to` (both in bytes, multiples of 4). */
  copy(from: number, to: number, length: number): void {
    this.floats().copyWithin(to / 4, from / 4, from / 4 + length);
  }

  /** `count` zeroed doubles (the row kernels' running sums), and a copy of them when asked. */
  doubles(count: number): { readonly ptr: number; read(): Float64Array } {
    const ptr = this.allocBytes(8 * count);
    return { ptr, read: () => new Float64Array(this.kernels.memory.buffer, ptr, count).slice() };
  }
}

let compiled: object | undefined;

/** A new instance of the kernels, with a memory of its own (the module is compiled once per thread). */
function instantiate(): MetricKernels {
  compiled ??= new WebAssembly.Module(Buffer.from(METRIC_WASM_BASE64, 'base64'));
  return new WebAssembly.Instance(compiled, {}).exports as unknown as MetricKernels;
}

let instance: MetricKernels | undefined;

/** This thread's kernels for scores from scratch, instantiated on first use (synchronously: the module is 4 KB). */
export function metricKernels(): MetricKernels {
  instance ??= instantiate();
  return instance;
}

let arena: Arena | undefined;

/** This thread's arena for scores from scratch (the metric is synchronous: one score at a time). */
export function metricArena(): Arena {
  arena ??= new Arena(metricKernels());
  return arena;
}

/**
 * Arenas given back (`recycleArena`), for the next prepared reference: a new instance costs little,
 * but its memory is fresh, and every page of it is a page fault when first touched — a tenth of the
 * work of preparing a small reference. Only a few, and only small ones, are kept (at most 128 MB
 * per thread; a Kodak photo's half in a worker takes about 10 MB, a mosaic less): a memory never
 * shrinks, so a large one is left to the garbage collector.
 */
const idle: Arena[] = [];
const IDLE_ARENAS = 4;
const IDLE_MAX_BYTES = 32 * 1024 * 1024;

/** An arena over its own instance of the kernels: a prepared reference's memory, freed with it or recycled. */
export function newArena(): Arena {
  const arena = idle.pop() ?? new Arena(instantiate());
  arena.begin();
  return arena;
}

/** Gives back an arena whose prepared reference is released; nothing may use it afterwards. */
export function recycleArena(arena: Arena): void {
  if (idle.length < IDLE_ARENAS && arena.kernels.memory.buffer.byteLength <= IDLE_MAX_BYTES && !idle.includes(arena)) idle.push(arena);
}
