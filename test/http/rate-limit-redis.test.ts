import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, createHmac, randomInt } from 'node:crypto';
import net from 'node:net';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { policyFrom, type RateDecision } from '../../src/http/rate-limit/gcra.js';
import { RateLimiter } from '../../src/http/rate-limit/limiter.js';
import { KEY_PREFIX, RedisRateStore, SALT_KEY_PREFIX } from '../../src/http/rate-limit/redis-store.js';
import { listen, sampleImages, type RunningServer } from './support.js';

const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('REDIS_URL is not set: skipping the shared Redis rate-limit tests (.ci/run sets it).');

/** An address no other test run uses, so the shared Redis bucket starts empty. */
function freshClientIp(): string {
  return `198.18.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * The promise's value if it settles within a few turns of the event loop (no timer, no network
 * round trip), else 'still waiting'.
 */
async function settledWithinTurns<T>(promise: Promise<T>): Promise<T | 'still waiting'> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let turn = 0; turn < 10 && !settled; turn++) await new Promise((resolve) => setImmediate(resolve));
  return settled ? await promise : 'still waiting';
}

async function storeName(server: RunningServer): Promise<string> {
  return ((await (await fetch(`${server.url}/readyz`)).json()) as { rateLimitStore: string }).rateLimitStore;
}

const rateEnv = (redisUrl: string) => ({ RATE_LIMIT_MAX: '4', RATE_LIMIT_WINDOW_SECONDS: '60', RATE_LIMIT_BURST: '4', TRUST_PROXY: 'true', REDIS_URL: redisUrl, REDIS_TIMEOUT_MS: '200' });

function compress(server: RunningServer, ip: string, png: Buffer): Promise<number> {
  return fetch(`${server.url}/api/v1/compress?format=jpeg`, { method: 'POST', body: png, headers: { 'x-forwarded-for': ip } }).then((r) => r.status);
}

// P13 with several instances: one limit shared through the real Redis.
describe.skipIf(!REDIS_URL)('rate limit shared through Redis', () => {
  let a: RunningServer;
  let b: RunningServer;
  let redis: Redis;
  let png: Buffer;
  beforeAll(async () => {
    png = (await sampleImages()).png;
    redis = new Redis(REDIS_URL!);
    a = await listen({ env: rateEnv(REDIS_URL!) });
    b = await listen({ env: rateEnv(REDIS_URL!) });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    redis?.disconnect();
  });

  it('two instances share one limit for a client', async () => {
    expect(await storeName(a)).toBe('redis');
    expect(await storeName(b)).toBe('redis');
    const ip = freshClientIp();
    const statuses = [await compress(a, ip, png), await compress(b, ip, png), await compress(a, ip, png), await compress(b, ip, png)];
    expect(statuses).toEqual([200, 200, 200, 200]);
    // Each instance alone has seen only two requests; together the client used its four.
    expect(await compress(a, ip, png)).toBe(429);
    expect(await compress(b, ip, png)).toBe(429);
    expect(await compress(b, freshClientIp(), png)).toBe(200);
  });

  it('stores only a keyed hash of the address under the day\'s salt, expiring with its window', async () => {
    const ip = freshClientIp();
    expect(await compress(a, ip, png)).toBe(200);
    const saltKey = `${SALT_KEY_PREFIX}${Math.floor(Date.now() / 86_400_000)}`;
    const salt = Buffer.from((await redis.get(saltKey)) ?? '', 'base64');
    expect(salt.length).toBe(32);
    // The salt is deleted by Redis itself 48 hours after it was made.
    expect(await redis.pttl(saltKey)).toBeGreaterThan(0);
    expect(await redis.pttl(saltKey)).toBeLessThanOrEqual(48 * 3_600_000);
    const key = KEY_PREFIX + createHmac('sha256', salt).update(ip).digest('base64url').slice(0, 32);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000 / 4);
    const keys = await redis.keys(`${KEY_PREFIX}*`);
    expect(keys).toContain(key);
    expect(keys).not.toContain(`${KEY_PREFIX}secret`);
    expect(keys.filter((k) => k.includes(ip))).toEqual([]);
    const plainHashes = ['hex', 'base64url', 'base64'].map((encoding) => createHash('sha256').update(ip).digest(encoding as 'hex').slice(0, 16));
    expect(keys.filter((k) => plainHashes.some((hash) => k.includes(hash)))).toEqual([]);
    for (const k of keys) expect(await redis.pttl(k)).toBeGreaterThan(0);
  });

  it('instances agree on one salt a day (SET NX), and the key changes with the day', async () => {
    // A day of the far future, moved through by an injected clock: no other run uses its salt.
    let now = Date.UTC(2099, 0, 1) + randomInt(0, 10_000) * 86_400_000 + 86_399_000;
    const log = Fastify({ logger: false }).log;
    const first = new RedisRateStore({ url: REDIS_URL!, timeoutMs: 1_000, log, now: () => now });
    const second = new RedisRateStore({ url: REDIS_URL!, timeoutMs: 1_000, log, now: () => now });
    try {
      await Promise.all([first.connect(), second.connect()]);
      const policy = policyFrom(4, 60, 4);
      const ip = '2001:db8:5:6::7';
      const keyToday = await new RateLimiter(policy, first, 64).keyFor(ip);
      expect(await new RateLimiter(policy, second, 64).keyFor(ip)).toBe(keyToday);
      const saltToday = `${SALT_KEY_PREFIX}${Math.floor(now / 86_400_000)}`;
      expect(await redis.pttl(saltToday)).toBeGreaterThan(47 * 3_600_000);
      now += 2_000; // past midnight
      const keyTomorrow = await new RateLimiter(policy, first, 64).keyFor(ip);
      expect(keyTomorrow).not.toBe(keyToday);
      expect(await new RateLimiter(policy, second, 64).keyFor(ip)).toBe(keyTomorrow);
    } finally {
      await first.close();
      await second.close();
    }
  });
});

// Decided behaviour: when Redis cannot be reached, fail open to a per-instance limiter in memory.
describe('when Redis is unreachable', () => {
  it('starts anyway and limits in memory on each instance', async () => {
    const server = await listen({ env: rateEnv(`redis://127.0.0.1:${await freePort()}`) });
    try {
      const png = (await sampleImages()).png;
      expect(await storeName(server)).toBe('memory (redis unreachable)');
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push(await compress(server, '192.0.2.50', png));
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
    } finally {
      await server.close();
    }
  });

  it('answers from memory without waiting on the dead store: no reconnect, no command timeout', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    // With the timers stopped, neither a reconnection nor a command timeout can ever come: a
    // decision that waited for one would never settle. The refused connection is real I/O.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const store = new RedisRateStore({ url, timeoutMs: 60_000, log: Fastify({ logger: false }).log });
    try {
      await store.connect();
      expect(store.name).toBe('memory (redis unreachable)');
      const policy = policyFrom(4, 60, 4);
      const decisions: (RateDecision | 'still waiting')[] = [];
      for (let i = 0; i < 5; i++) decisions.push(await settledWithinTurns(store.hit('192.0.2.51', policy)));
      expect(decisions.map((d) => (d === 'still waiting' ? d : d.allowed))).toEqual([true, true, true, true, false]);
    } finally {
      await store.close();
      vi.useRealTimers();
    }
  });

  const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
  if (!hasRedisServer) console.warn('redis-server is not installed: skipping the Redis outage test.');

  it.skipIf(!hasRedisServer)('falls back when Redis goes away mid-run and shares the limit again when it returns', async () => {
    const port = await freePort();
    const startRedis = async (): Promise<ChildProcess> => {
      const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      const probe = new Redis({ port, lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: null });
      // Refused connections while redis-server starts are expected; the probe retries.
      probe.on('error', () => undefined);
      await probe.connect().catch(() => undefined);
      await probe.ping();
      probe.disconnect();
      return child;
    };
    const stopRedis = (child: ChildProcess) => new Promise((resolve) => child.once('exit', resolve).kill('SIGKILL'));
    let redisProcess = await startRedis();
    const server = await listen({ env: rateEnv(`redis://127.0.0.1:${port}`) });
    try {
      const png = (await sampleImages()).png;
      expect(await storeName(server)).toBe('redis');
      expect(await compress(server, '192.0.2.60', png)).toBe(200);
      await stopRedis(redisProcess);
      expect(await compress(server, '192.0.2.60', png)).toBe(200);
      expect(await storeName(server)).toBe('memory (redis unreachable)');
      redisProcess = await startRedis();
      // Until the store reconnects (its backoff grows to 2 s), requests keep being answered; a store
      // that never came back would hang here until the test's timeout.
      const statusesMeanwhile = new Set<number>();
      while ((await storeName(server)) !== 'redis') {
        statusesMeanwhile.add(await compress(server, '192.0.2.61', png));
        await new Promise((r) => setTimeout(r, 100));
      }
      expect([...statusesMeanwhile].filter((s) => s !== 200 && s !== 429)).toEqual([]);
      expect(await compress(server, '192.0.2.62', png)).toBe(200);
    } finally {
      await server.close();
      await stopRedis(redisProcess);
    }
  });
});
