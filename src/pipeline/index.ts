/**
 * The pipeline's named steps and what they share: limits, options described as data, the bounded
 * queue and the configured image library. The runner that puts the steps in order (and hands the
 * automatic modes to the search) is src/compress; nothing here knows about it.
 */
export { CompressionQueue, type QueueOptions, type QueueStats } from './queue.js';
export { DEFAULT_LIMITS, limitsFromConfig, type PipelineLimits } from './limits.js';
export { DEFAULT_OPTIONS, OPTION_SPECS, parseOptions, METADATA_POLICIES, type CompressOptions, type MetadataPolicy } from './options.js';
