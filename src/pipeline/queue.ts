import { CompressorError } from '../errors.js';

export interface QueueOptions {
  /** Tasks that run at the same time. */
  readonly workers: number;
  /** Tasks that may wait for a worker; one more is refused with OVERLOADED. */
  readonly depth: number;
}

export interface QueueStats {
  readonly running: number;
  readonly waiting: number;
}

/**
 * A bounded queue in front of the image library: at most `workers` compressions run at once, at
 * most `depth` wait, and anything beyond is refused at once (OVERLOADED) instead of piling up
 * memory. Waiting tasks start in arrival order.
 */
export class CompressionQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly options: QueueOptions) {}

  get stats(): QueueStats {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.options.workers) {
      if (this.waiting.length >= this.options.depth) {
        throw new CompressorError('OVERLOADED', { details: { workers: this.options.workers, depth: this.options.depth } });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `running` only drops when nobody waits.
      if (next) next();
      else this.running--;
    }
  }
}
