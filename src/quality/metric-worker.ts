/**
 * Worker thread for SSIMULACRA2 parts (./metric-pool.ts): computes the parts it is sent and
 * posts their sums back. Pixels arrive in shared memory, so nothing is copied.
 */
import { parentPort } from 'node:worker_threads';
import { computePart, type PartResult, type ScorePart } from './ssimulacra2-core.js';
import type { RgbPixels } from './xyb.js';

export interface PartRequest {
  readonly id: number;
  readonly reference: RgbPixels;
  readonly distorted: RgbPixels;
  readonly parts: readonly ScorePart[];
}

export type PartReply = { readonly id: number; readonly results: readonly PartResult[] } | { readonly id: number; readonly error: string };

parentPort?.on('message', (request: PartRequest) => {
  let reply: PartReply;
  try {
    reply = { id: request.id, results: request.parts.map((part) => computePart(request.reference, request.distorted, part)) };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
