/**
 * The session cookie and the policy under HTTPS (issue 15, P11, P12, P19): over HTTPS, whether
 * the server terminates TLS itself or a proxy it trusts says so, the cookie is `__Host-ci_session`
 * with Secure, Path=/ and no Domain, and the policy page names that cookie and says HTTPS; from a
 * peer that is not trusted, X-Forwarded-Proto changes neither. Under HTTPS a plain-named cookie
 * (which a sibling subdomain or a plain-HTTP attacker could plant) never names a session.
 */
import https from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { form, sampleImages } from '../http/support.js';
import { selfSigned, type SelfSigned } from '../http/self-signed.js';
import { cookieOf, startStatsServer, type StatsServer } from '../analytics/server.js';

const VIA_TLS_PROXY = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.5' };
const PLANTED_ID = 'PLANTEDplantedPLANTED123';

let running: StatsServer[] = [];
afterEach(async () => {
  for (const s of running) {
    await s.close();
    s.remove();
  }
  running = [];
});

async function start(env: Record<string, string>): Promise<StatsServer> {
  const server = await startStatsServer({ RATE_LIMIT_MAX: '0', ...env });
  running.push(server);
  return server;
}

async function compress(server: StatsServer, headers: Record<string, string> = {}): Promise<Response> {
  const { png } = await sampleImages();
  const response = await fetch(`${server.url}/api/v1/compress?format=webp&quality=60`, { method: 'POST', headers, body: form(png, 'a.png') });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  return response;
}

/** The Set-Cookie attributes after the name=value, lower-cased and sorted. */
function attributesOf(setCookie: string | undefined): string[] {
  return (setCookie ?? '').split(';').slice(1).map((a) => a.trim().toLowerCase()).sort();
}

/** What the policy page says about the connection: the cookie's name, Secure, HTTPS. */
function policyClaims(html: string): { cookieName: string | undefined; secure: boolean; https: boolean } {
  return {
    cookieName: /<code id="cookie-name">([^<]+)<\/code>/.exec(html)?.[1],
    secure: html.includes('only sent over HTTPS (Secure)'),
    https: html.includes('id="integration-https"'),
  };
}

async function records(server: StatsServer, cookie: string, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(`${server.url}/api/v1/privacy/my-data`, { headers: { cookie, ...headers } });
  return ((await response.json()) as { records: unknown[] }).records.length;
}

describe('behind a TLS proxy the server trusts', () => {
  it('sets __Host-ci_session with Secure, Path=/ and no Domain, and the policy read over it says the same', async () => {
    const server = await start({ TRUST_PROXY: '1' });
    const secure = await compress(server, VIA_TLS_PROXY);
    const [set] = secure.headers.getSetCookie();
    expect(set).toMatch(/^__Host-ci_session=[A-Za-z0-9_-]{24};/);
    expect(attributesOf(set)).toEqual(['httponly', 'path=/', 'samesite=lax', 'secure']);

    const policy = await fetch(`${server.url}/privacy`, { headers: VIA_TLS_PROXY });
    expect(policy.headers.get('vary')).toMatch(/x-forwarded-proto/i);
    const html = await policy.text();
    expect(policyClaims(html)).toEqual({ cookieName: '__Host-ci_session', secure: true, https: true });
    expect(html).toContain('<code>__Host-</code> prefix');

    // The same server over plain HTTP: the plain name (a browser refuses __Host- without Secure).
    const plain = await compress(server);
    expect(plain.headers.getSetCookie()[0]).toMatch(/^ci_session=[A-Za-z0-9_-]{24};/);
    expect(attributesOf(plain.headers.getSetCookie()[0])).toEqual(['httponly', 'path=/', 'samesite=lax']);
    expect(policyClaims(await (await fetch(`${server.url}/privacy`)).text())).toEqual({ cookieName: 'ci_session', secure: false, https: false });

    // The __Host- cookie is the session under HTTPS: its records are found there.
    expect(await records(server, cookieOf(secure) as string, VIA_TLS_PROXY)).toBe(1);
  });

  it('never takes a session id from a plain-named cookie under HTTPS, but honours its opt-out', async () => {
    const server = await start({ TRUST_PROXY: '1' });
    // A planted plain-named cookie: the compression gets a __Host- session of its own instead.
    const planted = await compress(server, { ...VIA_TLS_PROXY, cookie: `ci_session=${PLANTED_ID}` });
    expect(planted.headers.getSetCookie()[0]).toMatch(/^__Host-ci_session=/);
    expect(await records(server, `ci_session=${PLANTED_ID}`)).toBe(0);
    expect(await records(server, cookieOf(planted) as string, VIA_TLS_PROXY)).toBe(1);

    // A browser that switched statistics off under the old name stays off.
    const off = await compress(server, { ...VIA_TLS_PROXY, cookie: `ci_session=${PLANTED_ID}.off` });
    expect(off.headers.getSetCookie()).toEqual([]);
    await server.extension.service?.flush();
    expect(server.extension.service?.counters().written).toBe(1);
  });
});

describe('X-Forwarded-Proto from a peer the server does not trust', () => {
  it('changes neither the cookie nor the policy', async () => {
    const server = await start({ TRUST_PROXY: 'false' });
    const response = await compress(server, VIA_TLS_PROXY);
    expect(response.headers.getSetCookie()[0]).toMatch(/^ci_session=/);
    expect(attributesOf(response.headers.getSetCookie()[0])).not.toContain('secure');
    const html = await (await fetch(`${server.url}/privacy`, { headers: VIA_TLS_PROXY })).text();
    expect(policyClaims(html)).toEqual({ cookieName: 'ci_session', secure: false, https: false });
  });
});

describe('when the server terminates TLS itself', () => {
  let dir: string;
  let material: SelfSigned;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ci-cookie-tls-'));
    material = selfSigned(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function get(url: string, method = 'GET', body?: Buffer): Promise<{ setCookie: string[]; body: string }> {
    return new Promise((resolve, reject) => {
      const request = https.request(url, { method, ca: material.cert, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ setCookie: response.headers['set-cookie'] ?? [], body: Buffer.concat(chunks).toString('utf8') }));
      });
      request.on('error', reject);
      request.end(body);
    });
  }

  it('sets __Host-ci_session and its policy page names it, with HTTPS', async () => {
    const server = await start({ TLS_CERT_FILE: material.certFile, TLS_KEY_FILE: material.keyFile });
    expect(server.url).toMatch(/^https:/);
    const { png } = await sampleImages();
    const compressed = await get(`${server.url}/api/v1/compress?format=webp`, 'POST', png);
    expect(compressed.setCookie).toHaveLength(1);
    expect(compressed.setCookie[0]).toMatch(/^__Host-ci_session=[A-Za-z0-9_-]{24};/);
    expect(attributesOf(compressed.setCookie[0])).toEqual(['httponly', 'path=/', 'samesite=lax', 'secure']);
    expect(policyClaims((await get(`${server.url}/privacy`)).body)).toEqual({ cookieName: '__Host-ci_session', secure: true, https: true });
  });
});
