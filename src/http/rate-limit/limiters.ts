/**
 * The server's rate limiters over one store (memory, or Redis with REDIS_URL): the compressions'
 * own (RATE_LIMIT_*) and the operator and privacy routes' (ADMIN_PRIVACY_RATE_LIMIT_*), each
 * undefined when its maximum is 0. No store is made when both are off.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import { policyFrom } from './gcra.js';
import { RateLimiter } from './limiter.js';
import { MemoryRateStore } from './memory-store.js';
import { RedisRateStore } from './redis-store.js';
import type { RateStore } from './store.js';

const PRIVATE_ROUTES_WINDOW_SECONDS = 60;

export interface Limiters {
  readonly store: RateStore | undefined;
  readonly compress: RateLimiter | undefined;
  readonly privateRoutes: RateLimiter | undefined;
}

async function storeFor(config: Config, log: FastifyBaseLogger): Promise<RateStore> {
  if (config.redisUrl === '') return new MemoryRateStore();
  const store = new RedisRateStore({ url: config.redisUrl, timeoutMs: config.redisTimeoutMs, log });
  await store.connect();
  return store;
}

export async function createLimiters(config: Config, log: FastifyBaseLogger): Promise<Limiters> {
  if (config.rateLimitMax === 0 && config.adminPrivacyRateLimitMax === 0) return { store: undefined, compress: undefined, privateRoutes: undefined };
  const store = await storeFor(config, log);
  const compressPolicy = policyFrom(config.rateLimitMax, config.rateLimitWindowSeconds, config.rateLimitBurst);
  const privatePolicy = policyFrom(config.adminPrivacyRateLimitMax, PRIVATE_ROUTES_WINDOW_SECONDS, config.adminPrivacyRateLimitBurst);
  return {
    store,
    compress: config.rateLimitMax > 0 ? new RateLimiter(compressPolicy, store, config.rateLimitIpv6Prefix) : undefined,
    privateRoutes: config.adminPrivacyRateLimitMax > 0 ? new RateLimiter(privatePolicy, store, config.rateLimitIpv6Prefix, 'admin-privacy') : undefined,
  };
}
