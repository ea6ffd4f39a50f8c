/**
 * The generic cell rate algorithm: a bucket of `burst` requests that refills one request every
 * `emissionMs`. One number per client is stored — the "theoretical arrival time" (TAT) — and it
 * can be forgotten as soon as it is in the past, so every key expires with its window.
 *
 * A request may weigh more than one (./cost.ts): it moves the TAT by its weight's worth of
 * emission intervals.
 *
 * The same arithmetic runs in memory (./memory-store.ts) and inside Redis as a Lua script
 * (./redis-store.ts); keep them in step.
 */
export interface RatePolicy {
  /** Milliseconds between two requests at the steady rate (window / max), a whole number. */
  readonly emissionMs: number;
  /** Requests a full bucket allows at once. */
  readonly burst: number;
}

export interface RateDecision {
  readonly allowed: boolean;
  /** Requests that may still be sent right now. */
  readonly remaining: number;
  /** Milliseconds until the bucket is full again. */
  readonly resetMs: number;
  /** Milliseconds until the next request would be allowed; 0 when allowed. */
  readonly retryAfterMs: number;
}

export interface GcraStep {
  readonly decision: RateDecision;
  /** The TAT to store (with a time to live of `decision.resetMs`), or undefined when nothing changes. */
  readonly newTat: number | undefined;
}

export function policyFrom(max: number, windowSeconds: number, burst: number): RatePolicy {
  return { emissionMs: Math.max(1, Math.ceil((windowSeconds * 1000) / max)), burst };
}

/**
 * A request of weight `cost` (./cost.ts) takes `cost` requests out of the bucket. The cost is a
 * whole number from 1 to the burst: a request heavier than a full bucket could never go ahead.
 */
export function chargeOf(cost: number, policy: RatePolicy): number {
  return Math.min(Math.max(1, Math.round(cost)), policy.burst);
}

export function gcra(storedTat: number | undefined, nowMs: number, policy: RatePolicy, cost = 1): GcraStep {
  const { emissionMs, burst } = policy;
  const tat = Math.max(storedTat ?? nowMs, nowMs);
  const newTat = tat + emissionMs * chargeOf(cost, policy);
  const allowAt = newTat - burst * emissionMs;
  if (nowMs < allowAt) {
    return { decision: { allowed: false, remaining: 0, resetMs: tat - nowMs, retryAfterMs: allowAt - nowMs }, newTat: undefined };
  }
  return { decision: decisionAfter(newTat, nowMs, policy), newTat };
}

/** What is left after an allowed request moved the TAT to `newTat`. */
export function decisionAfter(newTat: number, nowMs: number, policy: RatePolicy): RateDecision {
  const resetMs = newTat - nowMs;
  const remaining = Math.max(0, Math.floor((policy.burst * policy.emissionMs - resetMs) / policy.emissionMs));
  return { allowed: true, remaining, resetMs, retryAfterMs: 0 };
}
