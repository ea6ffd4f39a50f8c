/**
 * The operator dashboard (P14, P21): off without credentials (404), 401 without or with wrong
 * ones, and the right aggregates with them — as JSON and as a script-free page of SVG charts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { form, sampleImages } from '../http/support.js';
import { BASIC, FIREFOX, cookieOf, startStatsServer, type StatsServer } from './server.js';

const USER = 'operator';
const PASSWORD = 'correct horse battery';
const TOKEN = 'tok_0123456789abcdefghijklmnopqrstuvwxyz';
const AUTH = { authorization: BASIC(USER, PASSWORD) };

let server: StatsServer | undefined;
afterEach(async () => {
  await server?.close();
  server?.remove();
  server = undefined;
});

async function compress(s: StatsServer, headers: Record<string, string>, query: string): Promise<string | undefined> {
  const { png, jpeg } = await sampleImages();
  const bytes = query.includes('jpeg-in') ? jpeg : png;
  const response = await fetch(`${s.url}/api/v1/compress?${query.replace('jpeg-in&', '')}`, { method: 'POST', headers, body: form(bytes, 'x') });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  return cookieOf(response);
}

interface Stats {
  range: { name: string };
  totals: { count: number; originalBytes: number; compressedBytes: number; savedBytes: number };
  timeline: { count: number }[];
  formats: { input: string; output: string; count: number }[];
  ratios: { label: string; count: number }[];
  breakdowns: Record<string, { value: string; count: number }[]>;
}

describe('operator dashboard', () => {
  it('does not exist without configured credentials: no default password', async () => {
    server = await startStatsServer();
    for (const path of ['/admin', '/api/v1/admin/stats', '/api/v1/admin/recording', '/admin/dashboard.css']) {
      const response = await fetch(server.url + path, { headers: AUTH });
      expect(response.status, path).toBe(404);
    }
  });

  it('answers 401 with a Basic challenge without credentials or with wrong ones', async () => {
    server = await startStatsServer({ ADMIN_USER: USER, ADMIN_PASSWORD: PASSWORD });
    const attempts: Record<string, string>[] = [{}, { authorization: BASIC(USER, 'wrong password!') }, { authorization: BASIC('root', PASSWORD) }, { authorization: `Bearer ${TOKEN}` }];
    for (const headers of attempts) {
      for (const path of ['/admin', '/api/v1/admin/stats?range=24h']) {
        const response = await fetch(server.url + path, { headers });
        expect(response.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
        expect(((await response.json()) as { code: string }).code).toBe('UNAUTHORIZED');
      }
    }
  });

  it('serves the right aggregates as JSON, with a password or a token', async () => {
    server = await startStatsServer({ ADMIN_USER: USER, ADMIN_PASSWORD: PASSWORD, ADMIN_TOKEN: TOKEN, TRUST_PROXY: 'true' });
    const proxy = (country: string) => ({ 'x-forwarded-for': '203.0.113.9', 'x-vercel-ip-country': country });
    await compress(server, { ...proxy('DE'), 'user-agent': FIREFOX, 'accept-language': 'de', referer: 'https://a.example/x' }, 'format=webp&quality=70');
    await compress(server, { ...proxy('DE'), 'user-agent': FIREFOX }, 'format=webp&quality=70');
    await compress(server, { ...proxy('FR'), 'sec-gpc': '1' }, 'format=avif'); // not recorded
    await compress(server, { ...proxy('FR') }, 'jpeg-in&format=jpeg&quality=50');
    await server.extension.service?.flush();

    const response = await fetch(`${server.url}/api/v1/admin/stats?range=24h`, { headers: AUTH });
    expect(response.status).toBe(200);
    const stats = (await response.json()) as Stats;
    expect(stats.range.name).toBe('24h');
    expect(stats.totals.count).toBe(3);
    expect(stats.totals.savedBytes).toBe(stats.totals.originalBytes - stats.totals.compressedBytes);
    expect(stats.timeline).toHaveLength(24);
    expect(stats.timeline.reduce((s, t) => s + t.count, 0)).toBe(3);
    expect(stats.formats).toEqual([
      expect.objectContaining({ input: 'png', output: 'webp', count: 2 }),
      expect.objectContaining({ input: 'jpeg', output: 'jpeg', count: 1 }),
    ]);
    expect(stats.ratios).toHaveLength(11);
    expect(stats.ratios.reduce((s, r) => s + r.count, 0)).toBe(3);
    expect(stats.breakdowns.country).toEqual([{ value: 'DE', count: 2 }, { value: 'FR', count: 1 }]);
    expect(stats.breakdowns.quality).toEqual([{ value: '70', count: 2 }, { value: '50', count: 1 }]);
    expect(stats.breakdowns.browser).toEqual([{ value: 'Firefox', count: 2 }, { value: '(unknown)', count: 1 }]);
    expect(stats.breakdowns.device).toEqual([{ value: 'desktop', count: 2 }, { value: 'other', count: 1 }]);
    expect(stats.breakdowns.language).toEqual([{ value: '(unknown)', count: 2 }, { value: 'de', count: 1 }]);
    expect(stats.breakdowns.referrerHost).toEqual([{ value: '(unknown)', count: 2 }, { value: 'a.example', count: 1 }]);

    const withToken = await fetch(`${server.url}/api/v1/admin/stats?range=12m`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(withToken.status).toBe(200);
    const year = (await withToken.json()) as Stats;
    expect(year.timeline).toHaveLength(12);
    expect(year.totals.count).toBe(3);

    const bad = await fetch(`${server.url}/api/v1/admin/stats?range=week`, { headers: AUTH });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toBe('expected one of 24h, 30d, 12m for range, got "week"');
  });

  it('renders the page as HTML with SVG charts and tables, no script and no inline style', async () => {
    server = await startStatsServer({ ADMIN_USER: USER, ADMIN_PASSWORD: PASSWORD, SITE_NAME: 'Squeeze & Co' });
    await compress(server, { 'user-agent': FIREFOX }, 'format=webp');
    await server.extension.service?.flush();
    const response = await fetch(`${server.url}/admin?range=30d`, { headers: AUTH });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('Squeeze &amp; Co — statistics');
    expect(html).toContain('<a href="/admin?range=30d" aria-current="page">');
    expect(html.match(/<svg class="chart"/g)?.length).toBeGreaterThanOrEqual(11);
    for (const title of ['Compressions over time', 'Bytes saved over time', 'Format mix', 'Quality settings', 'Top countries', 'Device types', 'Browsers', 'Operating systems', 'Languages', 'Referring sites']) {
      expect(html).toContain(title);
    }
    expect(html).toMatch(/id="tile-count"><span class="value">1</);
    expect(html).not.toMatch(/<script|\sstyle=|<style|\son[a-z]+=/i);
    const css = await fetch(`${server.url}/admin/dashboard.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toContain('svg.chart');
  });
});
