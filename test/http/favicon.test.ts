// Issue 15, item 12: every page has an icon, so no browser asks for a /favicon.ico that is not
// there: the server-rendered pages link /favicon.svg, and /favicon.ico answers too.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC, startStatsServer, type StatsServer } from '../analytics/server.js';
import { chromiumAvailable, launchChromium } from '../web/support/browser.js';
import { PROJECT } from './process.js';
import { listen, type RunningServer } from './support.js';

const ADMIN = { user: 'operator', password: 'correct horse battery' };
const ICON = readFileSync(path.join(PROJECT, 'web', 'public', 'favicon.svg'));

/** The icon link of an HTML page, resolved against the page's URL. */
function iconHref(html: string, pageUrl: string): string | undefined {
  const link = /<link\b[^>]*\brel="(?:shortcut )?icon"[^>]*>/i.exec(html)?.[0];
  const href = link ? /\bhref="([^"]+)"/.exec(link)?.[1] : undefined;
  return href === undefined ? undefined : new URL(href, pageUrl).toString();
}

describe('the site icon', () => {
  let server: StatsServer;
  let unbuilt: RunningServer;
  let emptyWebRoot: string;
  beforeAll(async () => {
    server = await startStatsServer({ ADMIN_USER: ADMIN.user, ADMIN_PASSWORD: ADMIN.password });
    emptyWebRoot = mkdtempSync(path.join(os.tmpdir(), 'ci-no-web-'));
    unbuilt = await listen({ webRoot: emptyWebRoot });
  });
  afterAll(async () => {
    await server.close();
    server.remove();
    await unbuilt.close();
    rmSync(emptyWebRoot, { recursive: true, force: true });
  });

  it('answers /favicon.ico and /favicon.svg with the icon, as an image, cached', async () => {
    for (const url of ['/favicon.ico', '/favicon.svg']) {
      const response = await fetch(`${server.url}${url}`);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toMatch(/^image\/svg\+xml/);
      expect(response.headers.get('cache-control'), url).toMatch(/^public, max-age=\d+/);
      expect(Buffer.from(await response.arrayBuffer()).equals(ICON), url).toBe(true);
    }
  });

  it.each([
    { page: '/privacy', auth: false },
    { page: '/admin', auth: true },
    { page: '/api/docs', auth: false },
  ])('$page links an icon that answers 200 with an image type', async ({ page, auth }) => {
    const response = await fetch(`${server.url}${page}`, auth ? { headers: { authorization: BASIC(ADMIN.user, ADMIN.password) } } : {});
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const href = iconHref(await response.text(), `${server.url}${page}`);
    expect(href, `no icon link on ${page}`).toBeDefined();
    const icon = await fetch(href ?? '');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\//);
  });

  it('links the icon from the page shown when the web app is not built, and serves it without a build', async () => {
    const response = await fetch(`${unbuilt.url}/`);
    const href = iconHref(await response.text(), `${unbuilt.url}/`);
    expect(href).toBeDefined();
    const icon = await fetch(href ?? '');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\//);
  });
});

const hasChromium = chromiumAvailable();
if (!hasChromium) console.warn('Chromium is not installed (/usr/bin/chromium): the favicon browser test is skipped.');

describe.skipIf(!hasChromium)('the site icon in Chromium', () => {
  it.each(['/privacy', '/admin', '/api/docs'])('loads %s with no failed request, its icon included', async (pagePath) => {
    const server = await startStatsServer({ ADMIN_USER: ADMIN.user, ADMIN_PASSWORD: ADMIN.password });
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ httpCredentials: { username: ADMIN.user, password: ADMIN.password } });
      const page = await context.newPage();
      const failures: string[] = [];
      page.on('requestfailed', (request) => failures.push(`${request.url()} failed`));
      page.on('response', (response) => {
        if (response.status() >= 400) failures.push(`${response.url()} answered ${response.status()}`);
      });
      const icon = page.waitForResponse((response) => /\/favicon\.(svg|ico)$/.test(response.url()), { timeout: 30_000 });
      await page.goto(`${server.url}${pagePath}`);
      expect((await icon).status()).toBe(200);
      expect(failures).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
      server.remove();
    }
  }, 60_000);
});
