/**
 * The write buffer between compressions and the store: recording never slows or fails a
 * compression. `add` only pushes into memory; batches are written every flush interval or as soon
 * as a batch is full. The buffer is bounded: when it is full (the store is down or too slow) new
 * items are dropped and counted, and a batch the store refuses is dropped and counted too, so
 * memory stays bounded whatever the store does. `close` writes whatever is left.
 */

export interface RecorderOptions<T> {
  /** Writes one batch; a rejection drops the batch (counted). */
  readonly write: (batch: readonly T[]) => Promise<void>;
  readonly bufferMax: number;
  readonly batchSize: number;
  readonly flushIntervalMs: number;
  /** Told once when writing starts failing and once when it works again. */
  readonly onOutage?: (error: unknown) => void;
  readonly onRecovery?: () => void;
}

export interface RecorderCounters {
  /** Items written to the store since start. */
  readonly written: number;
  /** Items waiting in memory. */
  readonly pending: number;
  /** Items dropped because the buffer was full. */
  readonly droppedBufferFull: number;
  /** Items dropped because the store refused or could not be reached. */
  readonly droppedStoreDown: number;
}

export class Recorder<T> {
  private buffer: T[] = [];
  private written = 0;
  private droppedBufferFull = 0;
  private droppedStoreDown = 0;
  private failing = false;
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: RecorderOptions<T>) {}

  start(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs);
    this.timer.unref();
  }

  /** Never throws, never waits. */
  add(item: T): void {
    if (this.closed || this.buffer.length >= this.options.bufferMax) {
      this.droppedBufferFull += 1;
      return;
    }
    this.buffer.push(item);
    if (this.buffer.length >= this.options.batchSize && !this.flushing) void this.flush();
  }

  counters(): RecorderCounters {
    return { written: this.written, pending: this.buffer.length, droppedBufferFull: this.droppedBufferFull, droppedStoreDown: this.droppedStoreDown };
  }

  /**
   * Writes everything waiting now (one batch after another). After a failed batch it stops and
   * leaves the rest for the next interval, unless `final` (shutdown), when the rest is dropped and counted.
   */
  flush(final = false): Promise<void> {
    const previous = this.flushing ?? Promise.resolve();
    const run = previous.then(() => this.drain(final));
    const tracked = run.finally(() => {
      if (this.flushing === tracked) this.flushing = undefined;
    });
    this.flushing = tracked;
    return tracked;
  }

  private async drain(final: boolean): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.options.batchSize);
      try {
        await this.options.write(batch);
        this.written += batch.length;
        if (this.failing) {
          this.failing = false;
          this.options.onRecovery?.();
        }
      } catch (error) {
        this.droppedStoreDown += batch.length;
        if (!this.failing) {
          this.failing = true;
          this.options.onOutage?.(error);
        }
        // Shutting down: a store that failed once is not retried batch after batch.
        if (final) {
          this.droppedStoreDown += this.buffer.length;
          this.buffer = [];
        }
        return;
      }
    }
  }

  /** Stops the timer and writes what is left; later `add`s are dropped and counted. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush(true);
  }
}
