/**
 * SSIMULACRA2 off the main thread. A full-size score takes 0.1–0.3 s per megapixel of pure
 * JavaScript; on the main thread it would stall every other request of the server for that long.
 * Here it runs in worker threads, split across them: the full-resolution rows in bands, the
 * coarse scales as one part (see computePart), balanced so that all threads finish together.
 * Pixels go to the workers in shared memory (no copies); workers start on first use and do not
 * keep the process alive when idle.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { MIN_SIDE, combineParts, type PartResult, type ScorePart } from './ssimulacra2-core.js';
import type { PartReply, PartRequest } from './metric-worker.js';
import type { RgbPixels } from './xyb.js';

/** Share of the work in the coarse scales, measured on photos (bench:metric). */
const COARSE_SHARE = 0.39;
/** Bands thinner than this are not worth their margins. */
const MIN_BAND_ROWS = 64;

/** How the parts of one score are dealt to `threads` threads: one list of parts per thread. */
export function assignParts(height: number, threads: number): ScorePart[][] {
  if (threads <= 1 || height < 2 * MIN_BAND_ROWS) return [[{ kind: 'coarse' }, { kind: 'band', from: 0, to: height }]];
  // The coarse thread also takes the rows that bring it up to an equal share, if any are left.
  const coarseRows = Math.max(0, Math.round((height * (1 / threads - COARSE_SHARE)) / (1 - COARSE_SHARE)));
  const others = threads - 1;
  const bandRows = Math.max(MIN_BAND_ROWS, Math.ceil((height - coarseRows) / others));
  const plan: ScorePart[][] = [[{ kind: 'coarse' }, ...(coarseRows > 0 ? [{ kind: 'band', from: 0, to: coarseRows } as const] : [])]];
  for (let from = coarseRows; from < height; from += bandRows) plan.push([{ kind: 'band', from, to: Math.min(height, from + bandRows) }]);
  return plan;
}

/**
 * The worker's entry. Built (dist/) it is metric-worker.js. Under tsx or vitest this module is
 * TypeScript source, and the worker is a tiny module that registers tsx's loader first.
 */
function workerEntry(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('./metric-worker.js', import.meta.url);
  const source = `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}); register(); await import(${JSON.stringify(new URL('./metric-worker.ts', import.meta.url).href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}

interface Pending {
  readonly resolve: (results: readonly PartResult[]) => void;
  readonly reject: (error: Error) => void;
}

class Pool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private next = 0;

  constructor(readonly size: number) {}

  private spawn(): Worker {
    const worker = new Worker(workerEntry());
    worker.unref();
    worker.on('message', (reply: PartReply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) for (const w of this.workers) w.unref();
      if ('error' in reply) pending.reject(new Error(reply.error));
      else pending.resolve(reply.results);
    });
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => this.fail(worker, new Error(`metric worker exited with code ${code}`)));
    return worker;
  }

  /** A crashed worker is replaced; what it was computing fails (the caller sees an error). */
  private fail(worker: Worker, error: Error): void {
    const i = this.workers.indexOf(worker);
    if (i >= 0) this.workers.splice(i, 1);
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(error);
    }
  }

  run(request: Omit<PartRequest, 'id'>): Promise<readonly PartResult[]> {
    if (this.workers.length < this.size) this.workers.push(this.spawn());
    const worker = this.workers[this.next++ % this.workers.length]!;
    const id = this.nextId++;
    // Keep the process alive while an answer is due.
    worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id } satisfies PartRequest);
    });
  }
}

let pool: Pool | undefined;

/** Threads for the metric: the machine's cores, at most 4 (beyond that, bands get thin). */
export function metricThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

const sharedCopies = new WeakMap<Uint8Array, Uint8Array>();

/**
 * The pixels in shared memory, where every metric thread reads them without a copy. Callers that
 * keep pixels for scoring convert them once, right after decoding, so that the unshared original
 * can be freed at once (a 50-megapixel image is 150 MB).
 */
export function inSharedMemory(p: RgbPixels): RgbPixels {
  if (p.data.buffer instanceof SharedArrayBuffer) return p;
  let data = sharedCopies.get(p.data);
  if (!data) {
    data = new Uint8Array(new SharedArrayBuffer(p.data.length));
    data.set(p.data);
    sharedCopies.set(p.data, data);
  }
  return { ...p, data };
}

/** SSIMULACRA2 of `distorted` against `reference`, computed in worker threads. */
export async function scoreInWorkers(reference: RgbPixels, distorted: RgbPixels): Promise<number> {
  if (reference.width < MIN_SIDE || reference.height < MIN_SIDE) throw new RangeError(`SSIMULACRA2 needs at least ${MIN_SIDE}×${MIN_SIDE} pixels`);
  pool ??= new Pool(metricThreads());
  const ref = inSharedMemory(reference);
  const dist = inSharedMemory(distorted);
  const plan = assignParts(reference.height, pool.size);
  const results = await Promise.all(plan.map((parts) => pool!.run({ reference: ref, distorted: dist, parts })));
  const flat = plan.flatMap((parts, i) => parts.map((part, j) => ({ part, result: results[i]![j]! })));
  const coarse = flat.find((x) => x.part.kind === 'coarse')!.result;
  const bands = flat.filter((x) => x.part.kind === 'band').map((x) => x.result);
  return combineParts(reference.width, reference.height, bands, coarse);
}
