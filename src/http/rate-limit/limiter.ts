/**
 * Per-client rate limiting (P13) without keeping client addresses (P10): the key of a bucket is an
 * HMAC-SHA-256 of the IP under a secret that is random per process, or shared through Redis so
 * that every instance derives the same key. The address itself is never stored or logged.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { RateDecision, RatePolicy } from './gcra.js';
import type { RateStore } from './store.js';

const POLICY_NAME = 'compress';

export interface SecretSource {
  sharedSecret?(): Promise<Buffer | undefined>;
}

export class RateLimiter {
  private readonly localSecret = randomBytes(32);

  constructor(
    readonly policy: RatePolicy,
    readonly store: RateStore & SecretSource,
  ) {}

  /** The bucket key for an address: keyed, so it cannot be reversed by hashing every IPv4 address. */
  async keyFor(address: string): Promise<string> {
    const secret = (await this.store.sharedSecret?.()) ?? this.localSecret;
    return createHmac('sha256', secret).update(address).digest('base64url').slice(0, 32);
  }

  async check(address: string): Promise<RateDecision> {
    return this.store.hit(await this.keyFor(address), this.policy);
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
export function rateLimitHeaders(policy: RatePolicy, decision: RateDecision): Record<string, string> {
  const windowSeconds = seconds(policy.burst * policy.emissionMs);
  const headers: Record<string, string> = {
    'ratelimit-policy': `"${POLICY_NAME}";q=${policy.burst};w=${windowSeconds}`,
    ratelimit: `"${POLICY_NAME}";r=${decision.remaining};t=${seconds(decision.resetMs)}`,
  };
  if (!decision.allowed) headers['retry-after'] = String(seconds(decision.retryAfterMs));
  return headers;
}

export function applyRateLimitHeaders(reply: FastifyReply, policy: RatePolicy, decision: RateDecision): void {
  reply.headers(rateLimitHeaders(policy, decision));
}
