/**
 * Issue 15: operator logins back off after failures (per client, without keeping its address, in
 * bounded memory), and credentials are refused on plain HTTP unless the client is this machine.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LoginBackoff, clientGroup } from '../../src/analytics/admin/login-backoff.js';
import { credentialsMayTravel } from '../../src/analytics/admin/auth.js';
import { BASIC, startStatsServer, type StatsServer } from './server.js';

const USER = 'operator';
const PASSWORD = 'correct horse battery';
const GOOD = { authorization: BASIC(USER, PASSWORD) };
const BAD = { authorization: BASIC(USER, 'not the password') };

let server: StatsServer | undefined;
afterEach(async () => {
  await server?.close();
  server?.remove();
  server = undefined;
});

/** A clock the test moves by hand, so waits are checked by what the server says, not by sleeping. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let t = Date.UTC(2026, 0, 15);
  return { now: () => t, advance: (ms) => (t += ms) };
}

async function get(headers: Record<string, string>, path = '/api/v1/admin/recording'): Promise<Response> {
  const response = await fetch(server!.url + path, { headers });
  await response.arrayBuffer();
  return response;
}

describe('failed operator logins', () => {
  it('answers 429 with a growing Retry-After after ten failures, even to the right password, until the wait is over', async () => {
    const clock = manualClock();
    server = await startStatsServer({ ADMIN_USER: USER, ADMIN_PASSWORD: PASSWORD }, { now: clock.now });
    for (let i = 0; i < 10; i++) expect((await get(BAD)).status).toBe(401);

    const locked = await get(GOOD);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('1');
    expect((await fetch(server.url + '/admin', { headers: GOOD }).then((r) => r.json())) as { code: string }).toMatchObject({ code: 'RATE_LIMITED' });

    // Each further failure doubles the wait.
    const waits: string[] = [];
    for (const ms of [1_000, 2_000, 4_000]) {
      clock.advance(ms);
      expect((await get(BAD)).status).toBe(401);
      waits.push((await get(BAD)).headers.get('retry-after') ?? '');
    }
    expect(waits).toEqual(['2', '4', '8']);

    // Once the wait is over the right password works, and the count starts again.
    clock.advance(8_000);
    expect((await get(GOOD)).status).toBe(200);
    expect((await get(BAD)).status).toBe(401);
    expect((await get(GOOD)).status).toBe(200);
  });

  it('does not count visits without credentials (a browser\'s first request)', async () => {
    server = await startStatsServer({ ADMIN_USER: USER, ADMIN_PASSWORD: PASSWORD });
    for (let i = 0; i < 15; i++) expect((await get({}, '/admin')).status).toBe(401);
    expect((await get(GOOD)).status).toBe(200);
  });

  it('locks out only the failing client (behind a trusted TLS proxy)', async () => {
    server = await startStatsServer({ ADMIN_USER: USER, ADMIN_PASSWORD: PASSWORD, TRUST_PROXY: 'loopback' });
    const via = (client: string) => ({ 'x-forwarded-for': client, 'x-forwarded-proto': 'https' });
    for (let i = 0; i < 10; i++) expect((await get({ ...BAD, ...via('2001:db8:1:2::17') })).status).toBe(401);
    // Another address of the same IPv6 /64 is the same client; another /64 or an IPv4 client is not.
    expect((await get({ ...GOOD, ...via('2001:db8:1:2:ffff::99') })).status).toBe(429);
    expect((await get({ ...GOOD, ...via('2001:db8:1:3::17') })).status).toBe(200);
    expect((await get({ ...GOOD, ...via('198.51.100.4') })).status).toBe(200);
  });

  it('keeps clients as keyed hashes, in a bounded table', () => {
    const clock = manualClock();
    const backoff = new LoginBackoff(clock.now, { freeFailures: 1, firstLockoutMs: 1_000, maxLockoutMs: 60_000, forgetAfterMs: 3_600_000, maxClients: 100 });
    for (let i = 0; i < 1_000; i++) backoff.failed(`198.51.${i >> 8}.${i & 255}`);
    expect(backoff.size).toBe(100);
    // The newest clients are remembered, the oldest forgotten.
    expect(backoff.waitMs('198.51.3.231')).toBe(1_000);
    expect(backoff.waitMs('198.51.0.0')).toBe(0);
    // No address in the clear, in any form the table holds.
    const held = JSON.stringify([...(backoff['clients'] as Map<string, unknown>).entries()]);
    expect(held).not.toMatch(/198\.51/);
    // An idle client starts afresh.
    clock.advance(3_600_001);
    expect(backoff.waitMs('198.51.3.231')).toBe(0);
  });

  it('groups IPv6 clients by /64 and IPv4-mapped addresses as IPv4', () => {
    expect(clientGroup('2001:db8:1:2::17')).toBe('2001:db8:1:2::/64');
    expect(clientGroup('2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(clientGroup('::1')).toBe('0:0:0:0::/64');
    expect(clientGroup('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientGroup('192.0.2.7')).toBe('192.0.2.7');
  });
});

describe('credentials over plain HTTP', () => {
  it('refuses the dashboard and API to another machine over plain HTTP, without asking for a password', async () => {
    server = await startStatsServer({ ADMIN_USER: USER, ADMIN_PASSWORD: PASSWORD, TRUST_PROXY: 'loopback' });
    const remote = { 'x-forwarded-for': '203.0.113.9' };
    for (const headers of [remote, { ...remote, ...GOOD }, { ...remote, 'x-forwarded-proto': 'http', ...GOOD }]) {
      for (const path of ['/admin', '/api/v1/admin/stats', '/api/v1/admin/recording']) {
        const response = await fetch(server.url + path, { headers });
        expect(response.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
        expect(response.headers.has('www-authenticate')).toBe(false);
        expect(((await response.json()) as { code: string }).code).toBe('HTTPS_REQUIRED');
      }
    }
    // The same client through the TLS proxy, and this machine itself over plain HTTP, are served.
    expect((await get({ ...remote, 'x-forwarded-proto': 'https', ...GOOD })).status).toBe(200);
    expect((await get(GOOD)).status).toBe(200);
  });

  it('takes loopback from both the client and the connection', () => {
    const request = (protocol: string, ip: string, peer: string) => ({ protocol, ip, socket: { remoteAddress: peer } });
    expect(credentialsMayTravel(request('http', '127.0.0.1', '127.0.0.1'))).toBe(true);
    expect(credentialsMayTravel(request('http', '::1', '::ffff:127.0.0.1'))).toBe(true);
    expect(credentialsMayTravel(request('http', '127.0.0.1', '192.0.2.1'))).toBe(false);
    expect(credentialsMayTravel(request('http', '192.0.2.1', '127.0.0.1'))).toBe(false);
    expect(credentialsMayTravel(request('https', '192.0.2.1', '192.0.2.1'))).toBe(true);
  });
});
