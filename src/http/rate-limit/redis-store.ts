/**
 * Buckets in Redis, shared by every instance that points at the same REDIS_URL. The GCRA step
 * runs atomically as a Lua script on Redis's own clock (so instances with skewed clocks agree),
 * and each key gets a time to live equal to its window (PX), so Redis forgets it by itself.
 *
 * When Redis cannot answer within REDIS_TIMEOUT_MS, `hit` FAILS OPEN TO A LOCAL LIMITER: the same
 * policy is enforced in this process's memory until Redis answers again (decided and documented
 * in docs/configuration.md; tested in test/http/rate-limit-redis.test.ts).
 */
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import { dayOf, newSalt, SALT_LIFETIME_MS } from './daily-salt.js';
import { chargeOf, decisionAfter, type RateDecision, type RatePolicy } from './gcra.js';
import { MemoryRateStore } from './memory-store.js';
import type { RateStore } from './store.js';

export const KEY_PREFIX = 'compressorimage:ratelimit:';
/** The salt of one UTC day (./daily-salt.ts), with a time to live of 48 hours. */
export const SALT_KEY_PREFIX = `${KEY_PREFIX}salt:`;
/** Where versions before the daily salt kept one secret forever; deleted on connect. */
const RETIRED_SECRET_KEY = `${KEY_PREFIX}secret`;

// Returns [allowed (1/0), newTat or 0, retryAfterMs, resetMs]. Mirrors ./gcra.ts.
const GCRA_LUA = `
local emission = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local charge = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local newTat = tat + emission * charge
local allowAt = newTat - burst * emission
if now < allowAt then
  return {0, 0, allowAt - now, tat - now, now}
end
redis.call('SET', KEYS[1], string.format('%d', newTat), 'PX', newTat - now)
return {1, newTat, 0, newTat - now, now}
`;

type GcraReply = [number, number, number, number, number];
type RedisWithGcra = Redis & { gcra(key: string, emissionMs: number, burst: number, charge: number): Promise<GcraReply> };

export interface RedisStoreOptions {
  readonly url: string;
  readonly timeoutMs: number;
  readonly log: FastifyBaseLogger;
  /** The clock that names the day of the salt; Date.now unless a test moves it. */
  readonly now?: () => number;
}

export class RedisRateStore implements RateStore {
  private readonly redis: RedisWithGcra;
  private readonly fallback: MemoryRateStore;
  private readonly log: FastifyBaseLogger;
  private readonly now: () => number;
  /** The day's salt as read from Redis, so that a request costs no extra round trip. */
  private cachedSalt: { readonly day: number; readonly salt: Buffer } | undefined;
  private reachable = true;

  constructor(options: RedisStoreOptions) {
    this.log = options.log;
    this.now = options.now ?? Date.now;
    this.fallback = new MemoryRateStore(10_000, this.now);
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

  /** Connects and agrees on the day's salt; on failure the store starts in fallback mode. */
  async connect(): Promise<void> {
    try {
      await this.redis.connect();
      await this.redis.del(RETIRED_SECRET_KEY);
      await this.currentSalt();
    } catch (error) {
      this.unreachable(error);
    }
  }

  /**
   * The day's salt every instance uses: created in Redis by whichever instance asks first (SET NX,
   * so two instances cannot each make their own), with a 48-hour time to live, so Redis deletes it
   * by itself. While Redis cannot be reached, this process's own salt of the day (the fallback
   * limiter's).
   */
  async currentSalt(): Promise<Buffer> {
    const day = dayOf(this.now());
    if (this.cachedSalt?.day === day) return this.cachedSalt.salt;
    try {
      const key = `${SALT_KEY_PREFIX}${day}`;
      await this.redis.set(key, newSalt().toString('base64'), 'PX', SALT_LIFETIME_MS, 'NX');
      const stored = await this.redis.get(key);
      if (!stored) throw new Error('the salt of the day vanished between SET and GET');
      this.cachedSalt?.salt.fill(0);
      this.cachedSalt = { day, salt: Buffer.from(stored, 'base64') };
      return this.cachedSalt.salt;
    } catch (error) {
      this.unreachable(error);
      return this.fallback.currentSalt();
    }
  }

  async hit(key: string, policy: RatePolicy, cost = 1): Promise<RateDecision> {
    try {
      const [allowed, newTat, retryAfterMs, resetMs, now] = await this.redis.gcra(KEY_PREFIX + key, policy.emissionMs, policy.burst, chargeOf(cost, policy));
      this.recovered();
      if (allowed === 1) return decisionAfter(newTat, now, policy);
      return { allowed: false, remaining: 0, resetMs, retryAfterMs };
    } catch (error) {
      this.unreachable(error);
      return this.fallback.hit(key, policy, cost);
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
    this.cachedSalt?.salt.fill(0);
    this.cachedSalt = undefined;
    await this.fallback.close();
    this.redis.disconnect();
  }
}
