/**
 * Issue 15: a page of another site cannot change a visitor's privacy state (erase their records,
 * opt them out or back in), and CORS opens only the compression and limits routes to other origins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { form, problemOf, sampleImages } from '../http/support.js';
import { cookieOf, startStatsServer, type StatsServer } from '../analytics/server.js';

let server: StatsServer;
beforeAll(async () => {
  server = await startStatsServer({ CORS_ORIGINS: 'https://app.example' });
});
afterAll(async () => {
  await server.close();
  server.remove();
});

async function sessionWithOneRecord(): Promise<string> {
  const { png } = await sampleImages();
  const response = await fetch(`${server.url}/api/v1/compress?format=webp&quality=60`, { method: 'POST', body: form(png, 'a.png') });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  return cookieOf(response) as string;
}

async function recordsOf(cookie: string): Promise<number> {
  const body = (await (await fetch(`${server.url}/api/v1/privacy/my-data`, { headers: { cookie } })).json()) as { records: unknown[] };
  return body.records.length;
}

const STATE_CHANGES = [
  ['DELETE', 'my-data'],
  ['POST', 'opt-out'],
  ['POST', 'opt-in'],
] as const;

function change(method: string, path: string, cookie: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${server.url}/api/v1/privacy/${path}`, { method, headers: { cookie, ...headers } });
}

describe('privacy state changes from another site', () => {
  it.each(STATE_CHANGES)('refuses %s %s sent cross-site or same-site, and changes nothing', async (method, path) => {
    const cookie = await sessionWithOneRecord();
    const refused: Record<string, string>[] = [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { 'sec-fetch-site': 'cross-site', origin: server.url }];
    for (const headers of refused) {
      const response = await change(method, path, `${cookie}.off`, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect((await problemOf(response)).code).toBe('CROSS_SITE_REQUEST');
      expect(response.headers.getSetCookie()).toEqual([]);
    }
    expect(await recordsOf(cookie)).toBe(1);
  });

  it.each(STATE_CHANGES)('refuses %s %s from a foreign Origin when Sec-Fetch-Site is missing (older browsers)', async (method, path) => {
    const cookie = await sessionWithOneRecord();
    for (const origin of ['https://evil.example', 'null', `http://localhost:${server.port}`, 'not an origin']) {
      const response = await change(method, path, `${cookie}.off`, { origin });
      expect(response.status, origin).toBe(403);
      expect((await problemOf(response)).code).toBe('CROSS_SITE_REQUEST');
    }
    expect(await recordsOf(cookie)).toBe(1);
  });

  it('accepts this service\'s own pages, the address bar, and clients that send neither header', async () => {
    const accepted: Record<string, string>[] = [{ 'sec-fetch-site': 'same-origin' }, { 'sec-fetch-site': 'none' }, { origin: server.url }, {}];
    for (const headers of accepted) {
      const cookie = await sessionWithOneRecord();
      const off = await change('POST', 'opt-out', cookie, headers);
      expect(off.status, JSON.stringify(headers)).toBe(200);
      expect(cookieOf(off)).toBe(`${cookie}.off`);
      const on = await change('POST', 'opt-in', `${cookie}.off`, headers);
      expect(on.status).toBe(200);
      const erased = await change('DELETE', 'my-data', cookie, headers);
      expect(await erased.json()).toEqual({ erased: 1 });
    }
  });

  it('compares the Origin with the address the request was sent to, port included', async () => {
    const cookie = await sessionWithOneRecord();
    const otherPort = await change('DELETE', 'my-data', cookie, { origin: `http://127.0.0.1:${server.port + 1}` });
    expect(otherPort.status).toBe(403);
    const otherScheme = await change('DELETE', 'my-data', cookie, { origin: `https://127.0.0.1:${server.port}` });
    expect(otherScheme.status).toBe(403);
    expect(await recordsOf(cookie)).toBe(1);
  });
});

describe('CORS scope with CORS_ORIGINS set', () => {
  const allowed = 'https://app.example';

  async function preflight(path: string, method: string): Promise<Response> {
    return fetch(`${server.url}${path}`, { method: 'OPTIONS', headers: { origin: allowed, 'access-control-request-method': method } });
  }

  it('opens the compression and limits routes to the configured origin', async () => {
    expect((await preflight('/api/v1/compress', 'POST')).headers.get('access-control-allow-origin')).toBe(allowed);
    const limits = await fetch(`${server.url}/api/v1/limits`, { headers: { origin: allowed } });
    expect(limits.status).toBe(200);
    expect(limits.headers.get('access-control-allow-origin')).toBe(allowed);
  });

  it('does not open the privacy rights or the operator API, not even to a configured origin', async () => {
    for (const [path, method] of [['/api/v1/privacy/my-data', 'DELETE'], ['/api/v1/privacy/my-data', 'GET'], ['/api/v1/privacy/opt-out', 'POST'], ['/api/v1/privacy/fields', 'GET'], ['/api/v1/admin/stats', 'GET']] as const) {
      const answer = await preflight(path, method);
      expect(answer.headers.has('access-control-allow-origin'), `preflight ${method} ${path}`).toBe(false);
    }
    const cookie = await sessionWithOneRecord();
    const read = await fetch(`${server.url}/api/v1/privacy/my-data`, { headers: { origin: allowed, cookie } });
    expect(read.status).toBe(200);
    expect(read.headers.has('access-control-allow-origin')).toBe(false);
    await read.arrayBuffer();
  });
});
