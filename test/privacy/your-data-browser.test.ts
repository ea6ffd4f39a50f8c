/**
 * In a real browser (issue 5): after a compression, the web app's "Your data" page shows the
 * record (the session cookie travels as a browser sends it), and it is empty after erasing.
 * Also looks at the server-rendered /privacy and /admin pages under the CSP, with screenshots
 * saved under test-output/privacy/ so a person can look at them.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatsExtension } from '../../src/analytics/extension.js';
import { loadConfig } from '../../src/config.js';
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

describe.skipIf(!hasChromium)('the "Your data" page in Chromium', () => {
  let app: FastifyInstance;
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
    app = await buildServer({ config, logger: false, extensions: [createStatsExtension({ config })] });
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

    await page.goto(`${origin}/admin?range=24h`);
    expect(await page.locator('h1').textContent()).toBe('CompressorImage — statistics');
    // The only record was erased above: the time and ratio charts are empty, the rankings say so.
    expect(await page.locator('svg.chart').count()).toBe(3);
    expect(await page.getByText('Nothing recorded in this range.').count()).toBe(8);
    expect(await page.locator('svg.chart rect.bar').first().evaluate((el) => el.ownerDocument.defaultView.getComputedStyle(el).fill)).not.toBe('rgb(0, 0, 0)');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-dashboard.png'), fullPage: true });
    expect(violations).toEqual([]);
  });
});
