import type { RateDecision, RatePolicy } from './gcra.js';

/**
 * Where the buckets live. `hit` counts `cost` requests for `key` and says whether they may go
 * ahead; `currentSalt` is the day's salt of the keys (./daily-salt.ts), shared by every instance
 * that uses the same store.
 */
export interface RateStore {
  readonly name: string;
  hit(key: string, policy: RatePolicy, cost?: number): Promise<RateDecision>;
  currentSalt(): Promise<Buffer>;
  close(): Promise<void>;
}
