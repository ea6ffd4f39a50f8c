/**
 * The processing timeout covers a whole automatic search, not each of its encodes: the search
 * hands every encode only the time that is left, and checks between steps.
 */
import { CompressorError } from '../../errors.js';
import type { PipelineLimits } from '../../pipeline/limits.js';

export class Deadline {
  private readonly end: number;

  constructor(readonly timeoutMs: number) {
    this.end = performance.now() + timeoutMs;
  }

  remainingMs(): number {
    return this.end - performance.now();
  }

  /** Throws TIMEOUT once the time is up. */
  check(): void {
    if (this.remainingMs() <= 0) {
      throw new CompressorError('TIMEOUT', { message: `Processing took longer than ${this.timeoutMs} ms and was stopped.` });
    }
  }

  /** The pipeline's limits with only the remaining time for the next step. */
  limits(base: PipelineLimits): PipelineLimits {
    this.check();
    return { ...base, timeoutMs: Math.max(1, Math.floor(this.remainingMs())) };
  }
}
