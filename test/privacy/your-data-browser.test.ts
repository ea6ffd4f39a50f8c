/**
 * In a real browser (issue 5): after a compression, the web app's "Your data" page shows the
 * record (the session cookie travels as a browser sends it), and it is empty after erasing.
 * The page sends the referring site it was opened from (host only) with its compressions. Also
 * looks at the server-rendered /privacy and /admin pages under the CSP (the dashboard over a
 * seeded, realistic spread of synthetic records), with screenshots saved under
 * test-output/privacy/ so a person can look at them.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatsExtension, type StatsExtension } from '../../src/app/stats-extension.js';
import type { StatEvent } from '../../src/analytics/fields.js';
import { loadConfig } from '../../src/config.js';
import { BROWSER_STORAGE } from '../../src/shared/browser-storage.js';
import { buildServer } from '../../src/http/server.js';
import { sharp } from '../../src/pipeline/sharp.js';
import type { FastifyInstance } from 'fastify';
import { readCorpus } from '../support/corpus.js';
import { tempDir } from '../analytics/support.js';
import { ensureWebBuilt } from '../web/support/build-web.js';
import { chromiumAvailable, launchChromium } from '../web/support/browser.js';

const SCREENSHOTS = path.resolve('test-output', 'privacy');
const hasChromium = chromiumAvailable();
if (!hasChromium) console.warn('Chromium is not installed (/usr/bin/chromium): the "Your data" browser test is skipped.');

const ADMIN = { user: 'operator', password: 'correct horse battery' };
const DAY_MS = 86_400_000;

/** A small deterministic generator, so the seeded dashboard looks the same in every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function pick<T>(next: () => number, weighted: readonly (readonly [T, number])[]): T {
  const total = weighted.reduce((sum, [, w]) => sum + w, 0);
  let r = next() * total;
  for (const [value, weight] of weighted) {
    r -= weight;
    if (r < 0) return value;
  }
  return weighted[weighted.length - 1]![0];
}

type Place = readonly [country: string, region: string, city: string, timeZone: string, language: string];
const PLACES: readonly (readonly [Place, number])[] = [
  [['DE', 'Bavaria', 'Munich', 'Europe/Berlin', 'de'], 30],
  [['US', 'California', 'San Francisco', 'America/Los_Angeles', 'en'], 25],
  [['FR', 'Île-de-France', 'Paris', 'Europe/Paris', 'fr'], 12],
  [['GB', 'England', 'London', 'Europe/London', 'en'], 10],
  [['BR', 'São Paulo', 'São Paulo', 'America/Sao_Paulo', 'pt'], 8],
  [['JP', 'Tokyo', 'Tokyo', 'Asia/Tokyo', 'ja'], 6],
  [['IN', 'Karnataka', 'Bengaluru', 'Asia/Kolkata', 'en'], 5],
  [['CH', 'Zurich', 'Zurich', 'Europe/Zurich', 'de'], 4],
];
type Client = readonly [browser: string, major: number, os: string, device: 'desktop' | 'mobile' | 'tablet' | 'other'];
const CLIENTS: readonly (readonly [Client, number])[] = [
  [['Chrome', 126, 'Windows', 'desktop'], 30],
  [['Firefox', 128, 'Linux', 'desktop'], 12],
  [['Mobile Safari', 17, 'iOS', 'mobile'], 20],
  [['Chrome', 126, 'Android', 'mobile'], 15],
  [['Safari', 17, 'macOS', 'desktop'], 10],
  [['Edge', 125, 'Windows', 'desktop'], 8],
  [['Mobile Safari', 16, 'iOS', 'tablet'], 4],
];
const FORMATS: readonly (readonly [readonly [string, string, number], number])[] = [
  // input, output, typical result size as a share of the original
  [['jpeg', 'jpeg', 0.55], 30],
  [['png', 'webp', 0.22], 22],
  [['jpeg', 'webp', 0.4], 15],
  [['png', 'png', 0.6], 12],
  [['jpeg', 'avif', 0.3], 8],
  [['webp', 'webp', 0.75], 6],
  [['gif', 'gif', 0.85], 3],
  [['tiff', 'png', 0.45], 2],
];
const QUALITIES: readonly (readonly [string, number])[] = [['default', 35], ['auto', 25], ['80', 15], ['75', 10], ['60', 8], ['90', 7]];
const REFERRERS: readonly (readonly [string | null, number])[] = [
  [null, 50], ['www.google.com', 20], ['duckduckgo.com', 8], ['news.ycombinator.com', 7], ['www.reddit.com', 6], ['github.com', 5], ['stackoverflow.com', 4],
];

/** Synthetic records spread over the last 30 days, busier by day than by night and busier recently. */
function syntheticEvents(nowMs: number, count: number): StatEvent[] {
  const next = random(20_260_501);
  return Array.from({ length: count }, (_, i) => {
    const daysAgo = Math.floor(30 * next() ** 1.4);
    const hour = Math.floor(24 * (0.5 + (next() + next() + next() - 1.5) / 3)); // around midday UTC
    const dayStart = Math.floor(nowMs / DAY_MS) * DAY_MS - daysAgo * DAY_MS;
    const at = dayStart + hour * 3_600_000 + Math.floor(next() * 3_600_000);
    // Later today has not happened yet: such a record falls in the part of today that has.
    const recordedAt = at < nowMs ? at : dayStart + Math.floor(next() * (nowMs - dayStart));
    const [country, region, city, timeZone, language] = pick(next, PLACES);
    const [browser, browserMajor, os, device] = pick(next, CLIENTS);
    const [inputFormat, outputFormat, share] = pick(next, FORMATS);
    const originalBytes = Math.round(80_000 + next() ** 2 * 6_000_000);
    const ratio = Math.min(1.2, Math.max(0.03, share + (next() - 0.5) * 0.35));
    return {
      recordedAt,
      originalBytes,
      compressedBytes: Math.round(originalBytes * ratio),
      inputFormat,
      outputFormat,
      quality: pick(next, QUALITIES),
      ratio: Math.round(ratio * 10_000) / 10_000,
      country,
      region,
      city,
      timeZone,
      browser,
      browserMajor,
      os,
      device,
      referrerHost: pick(next, REFERRERS),
      language,
      sessionKey: (i % 97).toString(16).padStart(2, '0').repeat(32),
    };
  });
}

describe.skipIf(!hasChromium)('the "Your data" page in Chromium', () => {
  let app: FastifyInstance;
  let extension: StatsExtension;
  let origin: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const dir = tempDir('stats-browser-');
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await ensureWebBuilt();
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      RATE_LIMIT_MAX: '0',
      STATS_DB_PATH: path.join(dir.dir, 'stats.sqlite'),
      ADMIN_USER: ADMIN.user,
      ADMIN_PASSWORD: ADMIN.password,
      PRIVACY_CONTACT_EMAIL: 'privacy@example.org',
      HOSTING_REGION: 'Germany (EU)',
    });
    extension = createStatsExtension({ config });
    app = await buildServer({ config, logger: false, extensions: [extension] });
    await app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, httpCredentials: { username: ADMIN.user, password: ADMIN.password } });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
    dir.remove();
  });

  it('shows the record after a compression, and nothing after erasing it', async () => {
    const png = await sharp(readCorpus('kodak', 'kodim23.png')).resize(256).png().toBuffer();
    await page.goto(`${origin}/`);
    await page.locator('#file-input').setInputFiles([{ name: 'parrots.png', mimeType: 'image/png', buffer: png }]);
    await expect.poll(() => page.getByTestId('batch-status').textContent(), { timeout: 60_000 }).toMatch(/done/);
    const cookies = await context.cookies();
    expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite, c.expires])).toEqual([['ci_session', true, 'Lax', -1]]);

    await page.goto(`${origin}/your-data`);
    await expect.poll(() => page.getByTestId('record-count').textContent(), { timeout: 15_000 }).toBe('1 record for this session:');
    const table = await page.getByTestId('records').textContent();
    expect(table).toContain('png');
    expect(table).toContain('sessionKey');
    expect(await page.getByTestId('field-list').textContent()).toContain('Compression ratio');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'your-data-one-record.png'), fullPage: true });

    await page.getByRole('button', { name: 'Erase my records' }).click();
    await page.getByRole('button', { name: 'Yes, erase' }).click();
    await expect.poll(() => page.getByTestId('record-count').textContent(), { timeout: 15_000 }).toBe('Nothing is recorded for this session.');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'your-data-erased.png'), fullPage: true });

    await page.getByRole('button', { name: 'Switch statistics off' }).click();
    await expect.poll(() => page.getByTestId('consent-state').textContent()).toMatch(/switched off/);
    expect(errors).toEqual([]);
  });

  it('keeps in the browser\'s storage only what the privacy policy names (issue 15)', async () => {
    const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const tab = await visitor.newPage();
      await tab.goto(`${origin}/?format=webp&quality=70`);
      // Page-side code as strings: the tests are type-checked without the DOM library.
      await expect.poll(() => tab.evaluate('window.localStorage.length')).toBeGreaterThan(0);
      const held = (await tab.evaluate(`(async () => ({
        localStorage: Object.keys(window.localStorage).sort(),
        sessionStorage: Object.keys(window.sessionStorage).sort(),
        indexedDB: (await indexedDB.databases()).map((d) => d.name),
      }))()`)) as { localStorage: string[]; sessionStorage: string[]; indexedDB: string[] };
      const named = (area: string): string[] => BROWSER_STORAGE.filter((e) => e.area === area).map((e) => e.key).sort();
      expect(held).toEqual({ localStorage: named('localStorage'), sessionStorage: named('sessionStorage'), indexedDB: [] });

      await tab.goto(`${origin}/privacy`);
      const listed = await tab.locator('#browser-storage tr[data-storage-key]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-storage-key')));
      expect(listed.sort()).toEqual([...held.localStorage, ...held.sessionStorage].sort());
    } finally {
      await visitor.close();
    }
  });

  it('sends the referring site it was opened from, host only, with its compressions (P8)', async () => {
    // A context of its own: a new session, so the record read back is this compression's.
    const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const tab = await visitor.newPage();
      const sent: (string | undefined)[] = [];
      tab.on('request', (r) => {
        if (r.url().includes('/api/v1/compress')) sent.push(r.headers()['x-referring-site']);
      });
      await tab.goto(`${origin}/`, { referer: 'https://news.example/some/path?q=1' });
      const png = await sharp(readCorpus('kodak', 'kodim23.png')).resize(128).png().toBuffer();
      await tab.locator('#file-input').setInputFiles([{ name: 'parrots.png', mimeType: 'image/png', buffer: png }]);
      await expect.poll(() => tab.getByTestId('batch-status').textContent(), { timeout: 60_000 }).toMatch(/done/);
      expect(sent).toEqual(['news.example']);

      const raw = await tab.evaluate(async () => (await fetch('/api/v1/privacy/my-data', { credentials: 'same-origin' })).text());
      const { records } = JSON.parse(raw) as { records: Record<string, unknown>[] };
      expect(records.map((r) => r.referrerHost)).toEqual(['news.example']);
      for (const needle of ['/some/path', 'q=1', 'https://news.example']) expect(raw).not.toContain(needle);
    } finally {
      await visitor.close();
    }
  });

  it('renders /privacy and /admin under the strict CSP without errors', async () => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${origin}/privacy`);
    expect(await page.locator('h1').textContent()).toBe('Privacy policy of CompressorImage');
    // The stylesheet applied: the policy column is centred with a maximum width.
    expect(await page.locator('main.policy').evaluate((el) => el.ownerDocument.defaultView.getComputedStyle(el).maxWidth)).not.toBe('none');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'privacy-policy.png'), fullPage: true });

    // A realistic month of synthetic records, written through the store interface, so that the
    // screenshot shows what an operator sees: populated charts and tables.
    const store = extension.service?.store;
    expect(store).toBeDefined();
    const seeded = syntheticEvents(Date.now(), 1_500);
    await store?.insert(seeded);

    await page.goto(`${origin}/admin?range=30d`);
    expect(await page.locator('h1').textContent()).toBe('CompressorImage — statistics');
    expect(Number((await page.locator('#tile-count .value').textContent())?.replace(/\D/g, ''))).toBeGreaterThanOrEqual(seeded.length);
    expect(await page.getByText('Nothing recorded in this range.').count()).toBe(0);
    expect(await page.locator('svg.chart rect.bar').count()).toBeGreaterThan(30);
    expect(await page.locator('svg.chart rect.bar').first().evaluate((el) => el.ownerDocument.defaultView.getComputedStyle(el).fill)).not.toBe('rgb(0, 0, 0)');
    const text = await page.locator('main').textContent();
    for (const shown of ['jpeg → webp', 'www.google.com', 'Mobile Safari', 'tablet']) expect(text).toContain(shown);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-dashboard.png'), fullPage: true });
    await page.goto(`${origin}/admin?range=24h`);
    expect(await page.getByText('Nothing recorded in this range.').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-dashboard-24h.png'), fullPage: true });
    expect(violations).toEqual([]);
  });
});
