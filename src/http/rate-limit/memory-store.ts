import { gcra, type RateDecision, type RatePolicy } from './gcra.js';
import type { RateStore } from './store.js';

/**
 * Buckets in this process's memory. Entries whose TAT has passed hold no information (the bucket
 * is full again) and are swept, so a key lives no longer than its window (P10).
 */
export class MemoryRateStore implements RateStore {
  readonly name = 'memory';
  private readonly tats = new Map<string, number>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    sweepIntervalMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    this.sweeper = setInterval(() => this.sweep(), sweepIntervalMs);
    this.sweeper.unref();
  }

  get size(): number {
    return this.tats.size;
  }

  hitSync(key: string, policy: RatePolicy): RateDecision {
    const now = this.now();
    const step = gcra(this.tats.get(key), now, policy);
    if (step.newTat !== undefined) this.tats.set(key, step.newTat);
    return step.decision;
  }

  async hit(key: string, policy: RatePolicy): Promise<RateDecision> {
    return this.hitSync(key, policy);
  }

  sweep(): void {
    const now = this.now();
    for (const [key, tat] of this.tats) if (tat <= now) this.tats.delete(key);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.tats.clear();
  }
}
