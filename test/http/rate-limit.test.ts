import { createHash } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gcra, policyFrom } from '../../src/http/rate-limit/gcra.js';
import { clientKey } from '../../src/http/rate-limit/client-key.js';
import { RateLimiter, rateLimitHeaders } from '../../src/http/rate-limit/limiter.js';
import { MemoryRateStore } from '../../src/http/rate-limit/memory-store.js';
import type { ServerExtension } from '../../src/http/extension.js';
import { listen, problemOf, sampleImages, type RunningServer, type RequestBody } from './support.js';

describe('GCRA arithmetic', () => {
  const policy = policyFrom(60, 60, 3); // one a second, three at once

  it('allows a burst, then one request per emission interval', () => {
    let tat: number | undefined;
    const at = (now: number) => {
      const step = gcra(tat, now, policy);
      if (step.newTat !== undefined) tat = step.newTat;
      return step.decision;
    };
    expect([at(0), at(0), at(0)].map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
    ]);
    const refused = at(10);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 990 });
    expect(at(999).allowed).toBe(false);
    expect(at(1000)).toMatchObject({ allowed: true, remaining: 0 });
    // Idle for the whole window: the bucket is full again and the stored time can be forgotten.
    const later = gcra(tat, 10_000, policy);
    expect(later.decision).toMatchObject({ allowed: true, remaining: 2, resetMs: 1000 });
  });

  it('writes the IETF RateLimit headers and Retry-After in whole seconds', () => {
    const refused = gcra(3000, 0, policy).decision;
    expect(rateLimitHeaders(policy, refused)).toEqual({
      'ratelimit-policy': '"compress";q=3;w=3',
      ratelimit: '"compress";r=0;t=3',
      'retry-after': '1',
    });
  });
});

describe('bucket keys never hold the address (P10)', () => {
  const DAY = 86_400_000;

  it('keys by a keyed hash: not the IP, not a plain hash, different under another salt', async () => {
    const a = new RateLimiter(policyFrom(60, 60, 10), new MemoryRateStore(), 64);
    const b = new RateLimiter(policyFrom(60, 60, 10), new MemoryRateStore(), 64);
    const ip = '198.51.100.23';
    const key = await a.keyFor(ip);
    expect(key).not.toContain(ip);
    expect(key).toMatch(/^[\w-]{32}$/);
    for (const encoding of ['hex', 'base64url', 'base64'] as const) {
      for (const algorithm of ['sha256', 'sha1', 'md5']) {
        expect(createHash(algorithm).update(ip).digest(encoding)).not.toContain(key.slice(0, 16));
      }
    }
    expect(await a.keyFor(ip)).toBe(key);
    expect(await a.keyFor('198.51.100.24')).not.toBe(key);
    expect(await b.keyFor(ip)).not.toBe(key);
    await a.store.close();
    await b.store.close();
  });

  it('derives keys from a salt of the day: a new key the next day, and the old salt gone after 48 hours', async () => {
    let now = Date.UTC(2026, 0, 10, 23, 59, 59);
    const store = new MemoryRateStore(60_000, () => now);
    const limiter = new RateLimiter(policyFrom(60, 60, 10), store, 64);
    const ip = '198.51.100.23';
    const today = await limiter.keyFor(ip);
    const firstDay = store.salts.days[0];
    now += 1_000; // past midnight
    const tomorrow = await limiter.keyFor(ip);
    expect(tomorrow).not.toBe(today);
    expect(await limiter.keyFor(ip)).toBe(tomorrow);
    expect(store.salts.days).toContain(firstDay);
    // 48 hours after the first salt was made, the sweep has deleted it; the second one is younger.
    now = Date.UTC(2026, 0, 10, 23, 59, 59) + 2 * DAY;
    store.sweep();
    expect(store.salts.days).not.toContain(firstDay);
    expect(store.salts.days).toHaveLength(1);
    await store.close();
  });
  it('forgets a bucket once it is full again', async () => {
    let now = 0;
    const store = new MemoryRateStore(60_000, () => now);
    const policy = policyFrom(10, 1, 2); // 100 ms apart, two at once
    await store.hit('k', policy);
    expect(store.size).toBe(1);
    now = 99;
    store.sweep();
    expect(store.size).toBe(1);
    now = 100;
    store.sweep();
    expect(store.size).toBe(0);
    await store.close();
  });
});

describe('one client is an IPv4 address or an IPv6 network', () => {
  it('keys IPv6 by its first RATE_LIMIT_IPV6_PREFIX bits, whatever the spelling', () => {
    const home = clientKey('2001:db8:1:2:aaaa::1', 64);
    expect(clientKey('2001:db8:1:2:ffff:ffff:ffff:ffff', 64)).toBe(home);
    expect(clientKey('2001:0DB8:0001:0002:0000:0000:0000:0009', 64)).toBe(home);
    expect(clientKey('2001:db8:1:3::1', 64)).not.toBe(home);
    expect(clientKey('2001:db8:1:3::1', 48)).toBe(clientKey('2001:db8:1:2::1', 48));
    expect(clientKey('2001:db8:1:2::1', 128)).not.toBe(clientKey('2001:db8:1:2::2', 128));
    expect(clientKey('fe80::1%eth0', 64)).toBe(clientKey('fe80::2', 64));
  });

  it('counts an IPv4-mapped IPv6 address as the IPv4 address, and every IPv4 address alone', () => {
    expect(clientKey('::ffff:192.0.2.7', 64)).toBe('192.0.2.7');
    expect(clientKey('::ffff:c000:207', 64)).toBe('192.0.2.7');
    expect(clientKey('192.0.2.7', 64)).not.toBe(clientKey('192.0.2.8', 64));
  });
});

// P13: per client IP, 429 with Retry-After and the RateLimit headers.
describe('rate limiting over HTTP (in memory)', () => {
  let server: RunningServer;
  let png: Buffer;
  beforeAll(async () => {
    png = (await sampleImages()).png;
    server = await listen({ env: { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_SECONDS: '60', RATE_LIMIT_BURST: '3', TRUST_PROXY: 'true' } });
  });
  afterAll(() => server.close());

  const compress = (clientIp: string, body: RequestBody = png) =>
    fetch(`${server.url}/api/v1/compress?format=jpeg`, { method: 'POST', body, headers: { 'x-forwarded-for': clientIp } });

  it('answers the fourth request in the window with 429, Retry-After and RateLimit headers', async () => {
    const ip = '203.0.113.10';
    const allowed = [await compress(ip), await compress(ip), await compress(ip)];
    expect(allowed.map((r) => r.status)).toEqual([200, 200, 200]);
    // r: what is left; t: seconds until the bucket is full again (20 s per request used, give or take
    // the time the requests themselves took).
    const parsed = allowed.map((r) => /^"compress";r=(\d+);t=(\d+)$/.exec(r.headers.get('ratelimit') ?? '')?.slice(1).map(Number));
    expect(parsed.map((p) => p?.[0])).toEqual([2, 1, 0]);
    parsed.forEach((p, i) => {
      expect(p?.[1]).toBeGreaterThanOrEqual(20 * (i + 1) - 3);
      expect(p?.[1]).toBeLessThanOrEqual(20 * (i + 1));
    });
    expect(allowed[0]!.headers.get('ratelimit-policy')).toBe('"compress";q=3;w=60');

    const refused = await compress(ip);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(19);
    expect(retryAfter).toBeLessThanOrEqual(20);
    expect(refused.headers.get('ratelimit-policy')).toBe('"compress";q=3;w=60');
    expect(refused.headers.get('ratelimit')).toMatch(/^"compress";r=0;t=(59|60)$/);
    expect(await problemOf(refused)).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
  });

  it('keeps a separate bucket per client address', async () => {
    for (let i = 0; i < 3; i++) expect((await compress('203.0.113.20')).status).toBe(200);
    expect((await compress('203.0.113.20')).status).toBe(429);
    expect((await compress('203.0.113.21')).status).toBe(200);
  });

  it('one IPv6 /64 is one client: a new address in it does not get a new bucket', async () => {
    for (let i = 1; i <= 3; i++) expect((await compress(`2001:db8:77:1::${i}`)).status).toBe(200);
    expect((await compress('2001:db8:77:1:dead:beef:0:1')).status).toBe(429);
    expect((await compress('2001:db8:77:2::1')).status).toBe(200);
  });

  it('an IPv4-mapped IPv6 address shares the IPv4 address\'s bucket', async () => {
    for (let i = 0; i < 3; i++) expect((await compress('203.0.113.50')).status).toBe(200);
    expect((await compress('::ffff:203.0.113.50')).status).toBe(429);
  });

  it('refuses before reading the body: a refused request costs no upload', async () => {
    for (let i = 0; i < 3; i++) await compress('203.0.113.30');
    // Headers only, announcing a body that is never sent: the answer must not wait for it.
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(server.port, '127.0.0.1', () =>
        socket.write('POST /api/v1/compress HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113.30\r\nContent-Type: image/png\r\nContent-Length: 100000\r\n\r\n'),
      );
      let received = '';
      socket.on('data', (d) => (received += d.toString()));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
      setTimeout(() => socket.destroy(new Error('no answer')), 5_000);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 429 /);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(answer).toContain('"code":"RATE_LIMITED"');
  });

  it('does not limit the health checks or the documentation', async () => {
    for (let i = 0; i < 3; i++) await compress('203.0.113.40');
    const health = await fetch(`${server.url}/healthz`, { headers: { 'x-forwarded-for': '203.0.113.40' } });
    expect(health.status).toBe(200);
    expect(health.headers.has('ratelimit')).toBe(false);
  });
});

describe('TRUST_PROXY', () => {
  it('ignores X-Forwarded-For by default: one client cannot pose as many', async () => {
    const server = await listen({ env: { RATE_LIMIT_MAX: '2', RATE_LIMIT_BURST: '2' } });
    try {
      const png = (await sampleImages()).png;
      const statuses: number[] = [];
      for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
        const response = await fetch(`${server.url}/api/v1/compress?format=jpeg`, { method: 'POST', body: png, headers: { 'x-forwarded-for': ip } });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await server.close();
    }
  });

  it('believes only the listed proxy addresses', async () => {
    const whoami: ServerExtension = {
      name: 'whoami',
      async register(app) {
        app.get('/api/v1/whoami', async (request) => ({ ip: request.ip }));
      },
    };
    const trusted = await listen({ env: { TRUST_PROXY: '127.0.0.1' }, extensions: [whoami] });
    const untrusted = await listen({ env: { TRUST_PROXY: '10.0.0.1' }, extensions: [whoami] });
    try {
      const ipSeenBy = async (server: RunningServer) =>
        ((await (await fetch(`${server.url}/api/v1/whoami`, { headers: { 'x-forwarded-for': '198.51.100.7' } })).json()) as { ip: string }).ip;
      expect(await ipSeenBy(trusted)).toBe('198.51.100.7');
      expect(await ipSeenBy(untrusted)).toBe('127.0.0.1');
    } finally {
      await trusted.close();
      await untrusted.close();
    }
  });
});
