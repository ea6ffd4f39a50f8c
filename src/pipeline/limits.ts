import type { Config } from '../config.js';

/** The safety limits one compression runs under. */
export interface PipelineLimits {
  readonly maxInputBytes: number;
  readonly maxPixels: number;
  readonly maxFrames: number;
  readonly timeoutMs: number;
}

export const DEFAULT_LIMITS: PipelineLimits = Object.freeze({
  maxInputBytes: 25 * 1024 * 1024,
  maxPixels: 50_000_000,
  maxFrames: 300,
  timeoutMs: 30_000,
});

export function limitsFromConfig(config: Pick<Config, 'maxInputBytes' | 'maxPixels' | 'maxFrames' | 'processingTimeoutMs'>): PipelineLimits {
  return Object.freeze({
    maxInputBytes: config.maxInputBytes,
    maxPixels: config.maxPixels,
    maxFrames: config.maxFrames,
    timeoutMs: config.processingTimeoutMs,
  });
}
