import type { Config } from '../config.js';
import { compress, type CompressResult } from './compress.js';
import { limitsFromConfig, type PipelineLimits } from './limits.js';
import { CompressionQueue } from './queue.js';

export { compress, type CompressResult } from './compress.js';
export { CompressionQueue, type QueueOptions, type QueueStats } from './queue.js';
export { DEFAULT_LIMITS, limitsFromConfig, type PipelineLimits } from './limits.js';
export { DEFAULT_OPTIONS, OPTION_SPECS, parseOptions, METADATA_POLICIES, type CompressOptions, type MetadataPolicy } from './options.js';

/** A pipeline configured once: limits from the config, every compression through one bounded queue. */
export interface Pipeline {
  readonly limits: PipelineLimits;
  readonly queue: CompressionQueue;
  compress(input: Uint8Array, options?: Readonly<Record<string, unknown>>): Promise<CompressResult>;
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
