import { MemorySalts } from './daily-salt.js';
import { gcra, type RateDecision, type RatePolicy } from './gcra.js';
import type { RateStore } from './store.js';

/**
 * Buckets in this process's memory. Entries whose TAT has passed hold no information (the bucket
 * is full again) and are swept, so a key lives no longer than its window (P10); the sweep also
 * forgets salts older than 48 hours.
 */
export class MemoryRateStore implements RateStore {
  readonly name = 'memory';
  private readonly tats = new Map<string, number>();
  private readonly sweeper: NodeJS.Timeout;
  readonly salts: MemorySalts;

  constructor(
    sweepIntervalMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    this.salts = new MemorySalts(now);
    this.sweeper = setInterval(() => this.sweep(), sweepIntervalMs);
    this.sweeper.unref();
  }

  get size(): number {
    return this.tats.size;
  }

  hitSync(key: string, policy: RatePolicy, cost = 1): RateDecision {
    const now = this.now();
    const step = gcra(this.tats.get(key), now, policy, cost);
    if (step.newTat !== undefined) this.tats.set(key, step.newTat);
    return step.decision;
  }

  async hit(key: string, policy: RatePolicy, cost = 1): Promise<RateDecision> {
    return this.hitSync(key, policy, cost);
  }

  async currentSalt(): Promise<Buffer> {
    return this.salts.current();
  }

  sweep(): void {
    const now = this.now();
    for (const [key, tat] of this.tats) if (tat <= now) this.tats.delete(key);
    this.salts.forgetExpired();
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.tats.clear();
    this.salts.clear();
  }
}
