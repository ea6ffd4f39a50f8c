/**
 * Worker thread for SSIMULACRA2 parts (./metric-pool.ts). It computes the parts it is sent and
 * posts their sums back, either from scratch or against parts of a reference it was asked to
 * prepare and keep (until released). Pixels arrive in shared memory, so nothing is copied.
 */
import { parentPort } from 'node:worker_threads';
import { computePart, computePreparedPart, preparePart, type PartResult, type PreparedPart, type ScorePart } from './ssimulacra2-core.js';
import { recycleArena } from './kernels/index.js';
import type { RgbPixels } from '../pixels.js';

export type PartRequest =
  /** Score `parts` from scratch. */
  | { readonly kind: 'score'; readonly id: number; readonly reference: RgbPixels; readonly distorted: RgbPixels; readonly parts: readonly ScorePart[] }
  /** Analyse `parts` of the reference and keep them under `key`. */
  | { readonly kind: 'prepare'; readonly id: number; readonly key: number; readonly reference: RgbPixels; readonly parts: readonly ScorePart[] }
  /** Score against the parts kept under `key`. */
  | { readonly kind: 'score-prepared'; readonly id: number; readonly key: number; readonly distorted: RgbPixels }
  /** Forget the parts kept under `key` (answered too, so that the pool can let the thread idle). */
  | { readonly kind: 'release'; readonly id: number; readonly key: number }
  /** Nothing to do: answered with how many references this thread keeps. */
  | { readonly kind: 'kept'; readonly id: number };

/** Every answer says how many prepared references the thread keeps, so that leaks show. */
export type PartReply = { readonly id: number; readonly results: readonly PartResult[]; readonly kept: number } | { readonly id: number; readonly error: string };

const kept = new Map<number, readonly PreparedPart[]>();

function handle(request: PartRequest): readonly PartResult[] {
  switch (request.kind) {
    case 'score':
      return request.parts.map((part) => computePart(request.reference, request.distorted, part));
    case 'prepare':
      kept.set(
        request.key,
        request.parts.map((part) => preparePart(request.reference, part)),
      );
      return [];
    case 'score-prepared': {
      const parts = kept.get(request.key);
      if (!parts) throw new Error(`no prepared reference ${request.key} in this worker`);
      return parts.map((part) => computePreparedPart(part, request.distorted));
    }
    case 'release':
      for (const part of kept.get(request.key) ?? []) recycleArena(part.arena);
      kept.delete(request.key);
      return [];
    case 'kept':
      return [];
  }
}

parentPort?.on('message', (request: PartRequest) => {
  let reply: PartReply;
  try {
    reply = { id: request.id, results: handle(request), kept: kept.size };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
