/**
 * SSIMULACRA2 off the main thread. A full-size score takes about 0.1 s per megapixel even with the
 * SIMD kernels; on the main thread it would stall every other request of the server for that long.
 * Here it runs in worker threads, split across them: the full-resolution rows in bands, the
 * coarse scales as one part (see computePart), balanced so that all threads finish together.
 * Pixels go to the workers in shared memory (no copies); workers start on first use and do not
 * keep the process alive when idle.
 *
 * The automatic-quality search scores several candidates against one reference (the full image,
 * and its mosaic), so a reference can also be prepared in the workers (`prepareInWorkers`): each
 * worker analyses its own parts once, and every later score does only the candidate's half of the
 * work.
 */
import { availableParallelism } from 'node:os';
import { checkReference, combineParts, type PartResult, type ScorePart } from './ssimulacra2-core.js';
import { Pool } from './thread-pool.js';
import type { RgbPixels } from '../pixels.js';

/**
 * Share of the work in the coarse scales, measured by timing computePart and computePreparedPart
 * for the whole image as one band against the coarse part: 0.39–0.41 on Kodak photos and
 * 0.37 on 6 MP photos since downsampling and sRGB decoding are kernels too (0.41–0.46 before).
 */
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

let pool: Pool | undefined;

/** Threads for the metric: the machine's cores, at most 4 (beyond that, bands get thin). */
export function metricThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/**
 * How many prepared references the metric workers keep, once every message sent so far has been
 * handled (a release is a message too). Zero whenever no search is running: anything else is a leak
 * of up to hundreds of megabytes.
 */
export async function keptInWorkers(): Promise<number> {
  if (!pool) return 0;
  const threads = pool;
  await Promise.all(threads.all().map((w) => threads.runOn(w, { kind: 'kept' })));
  let total = 0;
  for (const n of threads.kept.values()) total += n;
  return total;
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

/** The score from the results of a plan's parts (one list per thread, in the plan's order). */
function combine(width: number, height: number, plan: readonly (readonly ScorePart[])[], results: readonly (readonly PartResult[])[]): number {
  const flat = plan.flatMap((parts, i) => parts.map((part, j) => ({ part, result: results[i]![j]! })));
  const coarse = flat.find((x) => x.part.kind === 'coarse')!.result;
  const bands = flat.filter((x) => x.part.kind === 'band').map((x) => x.result);
  return combineParts(width, height, bands, coarse);
}

/** SSIMULACRA2 of `distorted` against `reference`, computed in worker threads. */
export async function scoreInWorkers(reference: RgbPixels, distorted: RgbPixels): Promise<number> {
  checkReference(reference);
  pool ??= new Pool(metricThreads());
  const ref = inSharedMemory(reference);
  const dist = inSharedMemory(distorted);
  const plan = assignParts(reference.height, pool.size);
  const results = await Promise.all(plan.map((parts) => pool!.run({ kind: 'score', reference: ref, distorted: dist, parts })));
  return combine(reference.width, reference.height, plan, results);
}

/** Scores candidates against one reference; `release` frees what the workers keep for it. */
export interface ReferenceScorer {
  /** Starts the analysis in the workers, if it has not started yet (the first score starts it too). */
  start(): void;
  score(distorted: RgbPixels): Promise<number>;
  release(): void;
  /** How the scores so far were computed: against the prepared parts, or from scratch. */
  readonly counts: { prepared: number; fromScratch: number };
}

/**
 * Larger references are scored from scratch every time: a prepared one keeps about 40 bytes per
 * pixel in the workers (doubled for transparency), 320 MB at this size.
 */
export const PREPARED_MAX_PIXELS = 8_000_000;

let nextKey = 1;

/**
 * Starts analysing `reference` in the workers and returns at once (with `lazy`, the analysis starts
 * at `start()` or the first score instead); scores wait for the analysis.
 * Scores equal scoreInWorkers' exactly (the same sums, added in the same order). Should a worker
 * crash, later scores are computed from scratch.
 */
export function prepareInWorkers(reference: RgbPixels, { lazy = false }: { lazy?: boolean } = {}): ReferenceScorer {
  checkReference(reference);
  const counts = { prepared: 0, fromScratch: 0 };
  const fromScratch = (a: RgbPixels, b: RgbPixels): Promise<number> => {
    counts.fromScratch++;
    return scoreInWorkers(a, b);
  };
  if (reference.width * reference.height > PREPARED_MAX_PIXELS) return { start: () => {}, score: (d) => fromScratch(reference, d), release: () => {}, counts };
  pool ??= new Pool(metricThreads());
  const threads = pool;
  const ref = inSharedMemory(reference);
  const key = nextKey++;
  const plan = assignParts(ref.height, threads.size);
  const workers = threads.all().slice(0, plan.length);
  let ready: Promise<unknown> | undefined;
  const start = (): Promise<unknown> => {
    if (!ready) {
      ready = Promise.all(plan.map((parts, i) => threads.runOn(workers[i]!, { kind: 'prepare', key, reference: ref, parts })));
      ready.catch(() => {}); // a failure shows in the scores, which then fall back to scratch
    }
    return ready;
  };
  if (!lazy) start();
  let released = false;
  return {
    start() {
      if (!released) start();
    },
    async score(distorted) {
      if (released) throw new Error('prepared reference already released');
      const dist = inSharedMemory(distorted);
      if (dist.width !== ref.width || dist.height !== ref.height) throw new RangeError(`image size mismatch: ${ref.width}×${ref.height} vs ${dist.width}×${dist.height}`);
      if (!workers.every((w) => threads.alive(w))) return fromScratch(ref, dist);
      let results: (readonly PartResult[])[];
      try {
        await start();
        results = await Promise.all(workers.map((w) => threads.runOn(w, { kind: 'score-prepared', key, distorted: dist })));
      } catch {
        // A thread died (its error went to the jobs that failed): the score is still computed,
        // from scratch on the threads that remain or replace it.
        return fromScratch(ref, dist);
      }
      counts.prepared++;
      return combine(ref.width, ref.height, plan, results);
    },
    release() {
      if (released) return;
      released = true;
      if (!ready) return;
      // A thread that dies meanwhile takes what it kept with it: nothing is left to release or log.
      for (const w of workers) if (threads.alive(w)) threads.runOn(w, { kind: 'release', key }).catch(() => {});
    },
    counts,
  };
}
