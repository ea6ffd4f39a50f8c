/**
 * The runner of a compression, above the pipeline's steps (src/pipeline) and the automatic search
 * (src/quality/search): `compress()` for one image, and `createPipeline()` for a configured
 * service that runs every compression through one bounded queue. The HTTP server, the CLI and the
 * benchmarks are adapters over this module.
 */
import type { Config } from '../config.js';
import { limitsFromConfig, type PipelineLimits } from '../pipeline/limits.js';
import type { CompressOptions } from '../pipeline/options.js';
import { CompressionQueue } from '../pipeline/queue.js';
import { compress, type CompressResult } from './compress.js';

export { compress, type CompressResult } from './compress.js';

/** A pipeline configured once: limits from the config, every compression through one bounded queue. */
export interface Pipeline {
  readonly limits: PipelineLimits;
  readonly queue: CompressionQueue;
  compress(input: Uint8Array, options?: Partial<CompressOptions>): Promise<CompressResult>;
}

export function createPipeline(config: Pick<Config, 'maxInputBytes' | 'maxPixels' | 'maxFrames' | 'processingTimeoutMs' | 'workers' | 'queueDepth'>): Pipeline {
  const limits = limitsFromConfig(config);
  const queue = new CompressionQueue({ workers: config.workers, depth: config.queueDepth });
  return {
    limits,
    queue,
    compress: (input, options = {}) => queue.run(() => compress(input, options, limits)),
  };
}
