/**
 * Buckets in Redis, shared by every instance that points at the same REDIS_URL. The GCRA step
 * runs atomically as a Lua script on Redis's own clock (so instances with skewed clocks agree),
 * and each key gets a time to live equal to its window (PX), so Redis forgets it by itself.
 *
 * When Redis cannot answer within REDIS_TIMEOUT_MS, `hit` FAILS OPEN TO A LOCAL LIMITER: the same
 * policy is enforced in this process's memory until Redis answers again (decided and documented
 * in docs/configuration.md; tested in test/http/rate-limit-redis.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import { decisionAfter, type RateDecision, type RatePolicy } from './gcra.js';
import { MemoryRateStore } from './memory-store.js';
import type { RateStore } from './store.js';

export const KEY_PREFIX = 'compressorimage:ratelimit:';
export const SECRET_KEY = `${KEY_PREFIX}secret`;

// Returns [allowed (1/0), newTat or 0, retryAfterMs, resetMs]. Mirrors ./gcra.ts.
const GCRA_LUA = `
local emission = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local newTat = tat + emission
local allowAt = newTat - burst * emission
if now < allowAt then
  return {0, 0, allowAt - now, tat - now, now}
end
redis.call('SET', KEYS[1], string.format('%d', newTat), 'PX', newTat - now)
return {1, newTat, 0, newTat - now, now}
`;

type GcraReply = [number, number, number, number, number];
type RedisWithGcra = Redis & { gcra(key: string, emissionMs: number, burst: number): Promise<GcraReply> };

export interface RedisStoreOptions {
  readonly url: string;
  readonly timeoutMs: number;
  readonly log: FastifyBaseLogger;
}

export class RedisRateStore implements RateStore {
  private readonly redis: RedisWithGcra;
  private readonly fallback = new MemoryRateStore();
  private readonly log: FastifyBaseLogger;
  private shared: Buffer | undefined;
  private reachable = true;

  constructor(options: RedisStoreOptions) {
    this.log = options.log;
    const redis = new Redis(options.url, {
      lazyConnect: true,
      // Fail at once while disconnected instead of queueing: the local limiter answers then.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: Math.max(options.timeoutMs, 1_000),
      commandTimeout: options.timeoutMs,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    redis.defineCommand('gcra', { numberOfKeys: 1, lua: GCRA_LUA });
    // ioredis reports connection trouble as events; without a listener they would crash the process.
    redis.on('error', (error: Error) => this.unreachable(error));
    redis.on('ready', () => this.recovered());
    this.redis = redis as RedisWithGcra;
  }

  get name(): string {
    return this.reachable ? 'redis' : 'memory (redis unreachable)';
  }

  /** Connects and agrees on the shared secret; on failure the store starts in fallback mode. */
  async connect(): Promise<void> {
    try {
      await this.redis.connect();
      await this.sharedSecret();
    } catch (error) {
      this.unreachable(error);
    }
  }

  /**
   * The HMAC secret every instance uses, created once in Redis by whichever instance comes first.
   * Undefined while Redis cannot be reached (the caller then uses its own per-process secret).
   */
  async sharedSecret(): Promise<Buffer | undefined> {
    if (this.shared) return this.shared;
    try {
      await this.redis.set(SECRET_KEY, randomBytes(32).toString('base64'), 'NX');
      const stored = await this.redis.get(SECRET_KEY);
      if (stored) this.shared = Buffer.from(stored, 'base64');
      return this.shared;
    } catch (error) {
      this.unreachable(error);
      return undefined;
    }
  }

  async hit(key: string, policy: RatePolicy): Promise<RateDecision> {
    try {
      const [allowed, newTat, retryAfterMs, resetMs, now] = await this.redis.gcra(KEY_PREFIX + key, policy.emissionMs, policy.burst);
      this.recovered();
      if (allowed === 1) return decisionAfter(newTat, now, policy);
      return { allowed: false, remaining: 0, resetMs, retryAfterMs };
    } catch (error) {
      this.unreachable(error);
      return this.fallback.hit(key, policy);
    }
  }

  private unreachable(error: unknown): void {
    if (!this.reachable) return;
    this.reachable = false;
    // Once per outage; the message names the Redis server, never a client.
    this.log.warn({ err: error }, 'rate-limit store unreachable: limiting in memory on this instance until Redis answers');
  }

  private recovered(): void {
    if (this.reachable) return;
    this.reachable = true;
    this.log.info('rate-limit store reachable again: the shared limit applies');
  }

  async close(): Promise<void> {
    await this.fallback.close();
    this.redis.disconnect();
  }
}
