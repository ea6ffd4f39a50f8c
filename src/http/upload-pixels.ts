/**
 * How many pixels an upload holds (width × height × frames), from its header only: what the rate
 * limit charges for the pixels (./rate-limit/cost.ts) before any decoding starts. The same header
 * probe the pipeline's step 3 runs, so the count is the one the pixel limit checks.
 */
import { detect } from '../pipeline/steps/detect.js';
import { probe } from '../pipeline/steps/probe.js';
import type { PipelineLimits } from '../pipeline/limits.js';

/** 0 when the bytes are no image the pipeline reads: the pipeline itself then gives the reason. */
export async function uploadPixels(bytes: Uint8Array, limits: PipelineLimits): Promise<number> {
  try {
    const header = await probe(bytes, detect(bytes), limits);
    return header.width * header.height * header.frames;
  } catch {
    // Not logged: the pipeline runs the same steps on the same bytes and answers with the reason.
    return 0;
  }
}
