/**
 * Issue 15: the operator dashboard (/admin, /api/v1/admin/*) and the privacy rights
 * (/api/v1/privacy/*) have their own budget per client (ADMIN_PRIVACY_RATE_LIMIT_*), checked
 * before the routes' own checks (login, same-origin). The real server with the real statistics
 * extension (SQLite in a temporary folder).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC, startStatsServer, type StatsServer } from '../analytics/server.js';
import { problemOf } from './support.js';

describe('the operator and privacy routes\' own rate limit', () => {
  let server: StatsServer;
  beforeAll(async () => {
    server = await startStatsServer({
      ADMIN_PRIVACY_RATE_LIMIT_MAX: '3',
      ADMIN_PRIVACY_RATE_LIMIT_BURST: '3',
      TRUST_PROXY: 'true',
      ADMIN_USER: 'operator',
      ADMIN_PASSWORD: 'correct horse battery',
      STATS_GEOIP: 'false',
    });
  });
  afterAll(async () => {
    await server.close();
    server.remove();
  });

  const get = (path: string, clientIp: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { headers: { 'x-forwarded-for': clientIp, ...headers } });

  it('gives one client a shared budget over /api/v1/privacy/*, /admin and /api/v1/admin/*, then 429 with Retry-After', async () => {
    const ip = '203.0.113.110';
    const allowed = [await get('/api/v1/privacy/fields', ip), await get('/admin', ip), await get('/api/v1/admin/stats', ip)];
    // The dashboard answers with its own refusal (401, or 403 over plain HTTP from afar), not 429.
    expect(allowed.map((r) => r.status)).toEqual([200, expect.any(Number), expect.any(Number)]);
    expect(allowed.map((r) => r.status).filter((status) => status === 429 || status === 200)).toEqual([200]);
    expect(allowed[0]!.headers.get('ratelimit-policy')).toBe('"admin-privacy";q=3;w=60');
    for (const path of ['/api/v1/privacy/fields', '/admin', '/api/v1/admin/stats', '/api/v1/privacy/my-data']) {
      const refused = await get(path, ip, { authorization: BASIC('operator', 'correct horse battery') });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await problemOf(refused)).toMatchObject({ code: 'RATE_LIMITED' });
    }
    // Another client has its own budget; another spelling of the address is the same route.
    expect((await get('/api/v1/privacy/fields', '203.0.113.111')).status).toBe(200);
    expect((await get('/api/v1/privacy/%66ields?x=1', ip)).status).not.toBe(200);
  });

  it('leaves the rest of the site alone: the policy page, health checks and the page', async () => {
    const ip = '203.0.113.112';
    for (let i = 0; i < 3; i++) await get('/api/v1/privacy/fields', ip);
    expect((await get('/api/v1/privacy/fields', ip)).status).toBe(429);
    for (const path of ['/privacy', '/healthz', '/api/v1/limits']) {
      const response = await get(path, ip);
      expect(response.status).toBe(200);
      expect(response.headers.has('ratelimit')).toBe(false);
    }
  });
});
