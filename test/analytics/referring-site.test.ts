/**
 * The referring site (issue 5, P8) through buildServer: the web page sends `X-Referring-Site`
 * (its own API calls carry no `Referer` under `Referrer-Policy: no-referrer`); only a bare host
 * name in it is stored, a full URL or junk is ignored, and this server's own host is never a
 * referring site, whichever header names it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleImages } from '../http/support.js';
import { cookieOf, startStatsServer, type StatsServer } from './server.js';

let server: StatsServer;
beforeAll(async () => {
  server = await startStatsServer();
});
afterAll(async () => {
  await server?.close();
  server?.remove();
});

/** One compression with these headers in a new session; the referring site stored for it. */
async function storedReferrer(headers: Record<string, string>): Promise<unknown> {
  const { png } = await sampleImages();
  const response = await fetch(`${server.url}/api/v1/compress?format=webp&quality=60`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...headers },
    body: png,
  });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  const cookie = cookieOf(response);
  expect(cookie).toBeDefined();
  const mine = await fetch(`${server.url}/api/v1/privacy/my-data`, { headers: { cookie: cookie ?? '' } });
  const { records } = (await mine.json()) as { records: Record<string, unknown>[] };
  expect(records).toHaveLength(1);
  return records[0]?.referrerHost;
}

describe('X-Referring-Site and Referer (P8)', () => {
  it('stores the host the page sends, lowercased', async () => {
    expect(await storedReferrer({ 'x-referring-site': 'news.example' })).toBe('news.example');
    expect(await storedReferrer({ 'x-referring-site': 'News.Example.ORG.' })).toBe('news.example.org');
  });

  it('prefers X-Referring-Site over the Referer', async () => {
    expect(await storedReferrer({ 'x-referring-site': 'news.example', referer: 'https://other.example/a' })).toBe('news.example');
  });

  it.each([
    'https://news.example/some/path?q=1',
    'news.example/some/path',
    'news.example:8443',
    'user@news.example',
    'news example',
    '-bad-.example',
    '<script>',
    `${Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.')}.example`, // valid labels, but longer than the field's 253
  ])('ignores %s: nothing is stored for the field', async (value) => {
    expect(await storedReferrer({ 'x-referring-site': value })).toBeNull();
  });

  it('falls back to the Referer\'s host when the header is missing or unusable', async () => {
    expect(await storedReferrer({ referer: 'https://blog.example.net/posts/42?utm=x' })).toBe('blog.example.net');
    expect(await storedReferrer({ 'x-referring-site': 'https://evil.example/x', referer: 'https://blog.example.net/p' })).toBe('blog.example.net');
  });

  it('stores nothing for this server\'s own host, from either header', async () => {
    expect(await storedReferrer({ referer: `${server.url}/some/page?x=1` })).toBeNull();
    expect(await storedReferrer({ 'x-referring-site': '127.0.0.1' })).toBeNull();
  });
});
