import type { RateDecision, RatePolicy } from './gcra.js';

/** Where the buckets live. `hit` counts one request for `key` and says whether it may go ahead. */
export interface RateStore {
  readonly name: string;
  hit(key: string, policy: RatePolicy): Promise<RateDecision>;
  close(): Promise<void>;
}
