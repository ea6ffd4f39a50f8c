/**
 * Per-client rate limiting (P13) without keeping client addresses (P10): the key of a bucket is an
 * HMAC-SHA-256 of the client (./client-key.ts: the IPv4 address, or the IPv6 network) under the
 * day's salt (./daily-salt.ts), which the store keeps for 48 hours and shares between instances
 * when it is Redis. The address itself is never stored or logged.
 */
import { createHmac } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { clientKey } from './client-key.js';
import type { RateDecision, RatePolicy } from './gcra.js';
import type { RateStore } from './store.js';

export class RateLimiter {
  /**
   * `name` names the policy in the RateLimit headers; a limiter other than the compressions' own
   * also puts it before its keys, so its buckets are separate ones in the same store.
   */
  constructor(
    readonly policy: RatePolicy,
    readonly store: RateStore,
    private readonly ipv6PrefixBits: number,
    readonly name = 'compress',
  ) {}

  /** The bucket key for an address: keyed, so it cannot be reversed by hashing every IPv4 address. */
  async keyFor(address: string): Promise<string> {
    const salt = await this.store.currentSalt();
    const key = createHmac('sha256', salt).update(clientKey(address, this.ipv6PrefixBits)).digest('base64url').slice(0, 32);
    return this.name === 'compress' ? key : `${this.name}:${key}`;
  }

  /** Takes `cost` requests (./cost.ts) out of the client's bucket. */
  async check(address: string, cost = 1): Promise<RateDecision> {
    return this.store.hit(await this.keyFor(address), this.policy, cost);
  }
}

/** Seconds, rounded up, never below 1 when there is anything to wait for. */
function seconds(ms: number): number {
  return ms <= 0 ? 0 : Math.max(1, Math.ceil(ms / 1000));
}

/**
 * The IETF RateLimit headers (draft-ietf-httpapi-ratelimit-headers): the policy as a quota of
 * `burst` requests per the time a bucket takes to refill, and what is left of it now.
 */
export function rateLimitHeaders(policy: RatePolicy, decision: RateDecision, name = 'compress'): Record<string, string> {
  const windowSeconds = seconds(policy.burst * policy.emissionMs);
  const headers: Record<string, string> = {
    'ratelimit-policy': `"${name}";q=${policy.burst};w=${windowSeconds}`,
    ratelimit: `"${name}";r=${decision.remaining};t=${seconds(decision.resetMs)}`,
  };
  if (!decision.allowed) headers['retry-after'] = String(seconds(decision.retryAfterMs));
  return headers;
}

export function applyRateLimitHeaders(reply: FastifyReply, limiter: RateLimiter, decision: RateDecision): void {
  reply.headers(rateLimitHeaders(limiter.policy, decision, limiter.name));
}
