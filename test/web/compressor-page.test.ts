/**
 * The web page in a real browser (issue 4): Debian's Chromium through playwright-core, against the
 * real server in-process serving the built page. Uploads go through the real pipeline.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatBinaryBytes } from '../../src/shared/units.js';
import { readCorpus } from '../support/corpus.js';
import { runAxe, serious } from './support/axe.js';
import { startApp, type RunningApp } from './support/app-server.js';
import { chromiumAvailable, launchChromium, CHROMIUM } from './support/browser.js';
import { foreignRequests, watchContext, type PageWatch } from './support/page-watch.js';

const SCREENSHOTS = path.resolve('test-output/screenshots');
const MAX_INPUT_BYTES = 3 * 1024 * 1024;
const MAX_BATCH_FILES = 6;

const hasChromium = chromiumAvailable();
if (!hasChromium) console.warn(`Skipping the browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium, as .ci/run does).`);

interface Fixture {
  readonly name: string;
  readonly mimeType: string;
  readonly buffer: Buffer;
}

describe.skipIf(!hasChromium)('the web page in Chromium', () => {
  let server: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;
  let fixtures: Fixture[];
  const compressRequests: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const png = readCorpus('kodak', 'kodim23.png');
    fixtures = [
      { name: 'parrots.png', mimeType: 'image/png', buffer: png },
      { name: 'parrots photo.jpg', mimeType: 'image/jpeg', buffer: await sharp(png).jpeg({ quality: 92 }).toBuffer() },
      { name: 'parrots-small.avif', mimeType: 'image/avif', buffer: await sharp(png).resize(384).avif({ quality: 70, effort: 2 }).toBuffer() },
    ];
    [server, browser] = await Promise.all([startApp({ MAX_INPUT_BYTES: String(MAX_INPUT_BYTES), MAX_BATCH_FILES: String(MAX_BATCH_FILES) }), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
    watch = watchContext(context);
    page = await context.newPage();
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/compress')) compressRequests.push(r.url());
    });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const rows = () => page.locator('[data-testid="file-row"]');
  const row = (name: string) => rows().filter({ has: page.locator('.file-name', { hasText: name }) });

  it('opens on an empty state with labelled controls and no serious accessibility finding', async () => {
    await page.goto(`${server.origin}/`);
    await expect.poll(() => page.locator('h1').textContent()).toContain('Smaller images');
    // The limits come from the server.
    await expect.poll(() => page.locator('.lede').textContent()).toContain('3 MB each');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'empty.png'), fullPage: true });
    expect(serious(await runAxe(page))).toEqual([]);
    // The picker is reachable from the keyboard.
    const reached: string[] = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      reached.push(String(await page.evaluate('document.activeElement ? document.activeElement.id || document.activeElement.tagName : ""')));
    }
    expect(reached).toContain('file-input');
  });

  it('compresses a PNG, a JPEG and an AVIF to WebP and shows sizes and savings', async () => {
    await page.getByLabel('WebP', { exact: true }).check();
    await page.locator('#file-input').setInputFiles(fixtures);
    await expect.poll(() => page.getByTestId('batch-status').textContent(), { timeout: 60_000 }).toBe('3 images done');
    for (const fixture of fixtures) {
      const r = row(fixture.name);
      const sizes = await r.getByTestId('sizes').textContent();
      expect(sizes).toContain(formatBinaryBytes(fixture.buffer.length));
      expect(await r.getByTestId('saving').textContent()).toMatch(/^[−+]?\d+%$/);
      expect(await r.locator('.file-meta').textContent()).toContain('WebP');
    }
    // The PNG photo shrinks a lot as WebP.
    expect(await row('parrots.png').getByTestId('saving').textContent()).toMatch(/^−[4-9]\d%$/);
    expect(await page.getByTestId('batch-total').textContent()).toContain('saved');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'batch-done.png'), fullPage: true });
    expect(serious(await runAxe(page))).toEqual([]);
  });

  it('downloads one result, which decodes as WebP', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), row('parrots photo.jpg').getByTestId('download').click()]);
    expect(download.suggestedFilename()).toBe('parrots photo.webp');
    const bytes = readFileSync((await download.path())!);
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe('webp');
    expect([meta.width, meta.height]).toEqual([768, 512]);
  });

  it('downloads every result as one ZIP built in the browser', async () => {
    const before = compressRequests.length;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download all/ }).click()]);
    expect(download.suggestedFilename()).toBe('compressed-images.zip');
    const entries = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    expect(Object.keys(entries).sort()).toEqual(['parrots photo.webp', 'parrots-small.webp', 'parrots.webp']);
    for (const data of Object.values(entries)) expect((await sharp(data).metadata()).format).toBe('webp');
    // Nothing was fetched again: the ZIP is made of what the page already holds (P5).
    expect(compressRequests.length).toBe(before);
  });

  it('shows a before/after view with a movable divider and 1:1 zoom', async () => {
    await row('parrots.png').getByRole('button', { name: /Compare/ }).click();
    const dialog = page.getByTestId('compare-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expect
      .poll(() => dialog.locator('img').evaluateAll((imgs) => imgs.map((i) => i.naturalWidth)))
      .toEqual([768, 768]);
    await dialog.getByRole('button', { name: '1:1' }).click();
    expect(await dialog.getByTestId('zoom-value').textContent()).toBe('100%');
    const divider = dialog.getByRole('slider');
    await divider.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    expect(await divider.getAttribute('aria-valuenow')).toBe('60');
    // The original is clipped at the divider.
    expect(await dialog.locator('.layer-before').evaluate((el) => el.ownerDocument.defaultView.getComputedStyle(el).clipPath)).toMatch(/inset\(0px 40% 0px 0px\)|inset\(0px 40%/);
    await dialog.getByRole('button', { name: 'Zoom in' }).click();
    expect(await dialog.getByTestId('zoom-value').textContent()).toBe('150%');
    // Pan with the keyboard once the picture is larger than the window: both layers move together.
    await dialog.getByRole('button', { name: 'Zoom in' }).click();
    expect(await dialog.getByTestId('zoom-value').textContent()).toBe('200%');
    const transforms = () => dialog.locator('img').evaluateAll((imgs) => imgs.map((i) => i.style.transform));
    const [before] = await transforms();
    await dialog.getByTestId('compare-viewport').focus();
    await page.keyboard.press('ArrowLeft');
    const moved = await transforms();
    expect(moved[0]).not.toBe(before);
    expect(moved[1]).toBe(moved[0]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'before-after.png') });
    expect(serious(await runAxe(page))).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    // Focus goes back to where the person was.
    expect(await page.evaluate('document.activeElement.getAttribute("aria-label")')).toBe('Compare parrots.png before and after');
  });

  it('refuses a .txt and an oversized file at once, without uploading them', async () => {
    const before = compressRequests.length;
    // Built inside the page (the test's tsconfig has no DOM types, hence a string).
    const dataTransfer = await page.evaluateHandle(`(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['These are notes, not a picture.'], 'notes.txt', { type: 'text/plain' }));
      const big = new Uint8Array(${4 * 1024 * 1024});
      big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      dt.items.add(new File([big], 'huge.png', { type: 'image/png' }));
      return dt;
    })()`);
    const zone = page.getByTestId('dropzone');
    await zone.dispatchEvent('dragenter', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
    await expect.poll(() => row('notes.txt').getByTestId('file-error').textContent()).toContain('not an image we can read');
    await expect.poll(() => row('huge.png').getByTestId('file-error').textContent()).toBe('This file is 4 MB; the largest this service accepts is 3 MB.');
    expect(compressRequests.length).toBe(before);
  });

  it("shows the server's own sentence when a compression fails, with a retry", async () => {
    const broken = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
    await page.locator('#file-input').setInputFiles([{ name: 'broken.png', mimeType: 'image/png', buffer: broken }]);
    const error = row('broken.png').getByTestId('file-error');
    await expect.poll(() => error.textContent(), { timeout: 30_000 }).toMatch(/damaged|cannot be decoded|not an image|corrupt/i);
    expect(await row('broken.png').getByRole('button', { name: 'Retry' }).isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'error.png'), fullPage: true });
    expect(serious(await runAxe(page))).toEqual([]);
  });

  it('marks results made with earlier settings and re-runs them all', async () => {
    await page.getByLabel('AVIF', { exact: true }).check();
    await expect.poll(() => page.locator('.file-row.stale').count()).toBe(3);
    const before = compressRequests.length;
    await page.getByRole('button', { name: 'Apply to all' }).click();
    await expect.poll(() => page.locator('.file-row.state-done .file-meta').allTextContents(), { timeout: 60_000 }).toEqual([
      expect.stringContaining('AVIF'),
      expect.stringContaining('AVIF'),
      expect.stringContaining('AVIF'),
    ]);
    expect(await page.locator('.file-row.stale').count()).toBe(0);
    // Three re-runs and the retry of the broken file.
    expect(compressRequests.length - before).toBe(4);
    expect(compressRequests.slice(before).every((url) => url.includes('format=avif'))).toBe(true);
  });

  it('keeps settings in local storage and shares them as a link', async () => {
    await page.getByLabel('Custom', { exact: true }).check();
    await page.locator('#quality').fill('42');
    await page.getByText('Resize and size cap').click();
    await page.getByLabel('Max width').fill('640');
    await expect.poll(() => new URL(page.url()).search).toBe('?format=avif&quality=42&maxWidth=640');
    await page.reload();
    expect(await page.getByLabel('AVIF', { exact: true }).isChecked()).toBe(true);
    expect(await page.locator('#quality').inputValue()).toBe('42');
    // A shared link wins over what this browser remembers.
    const other = await context.newPage();
    await other.goto(`${server.origin}/?format=jpeg&quality=auto&metadata=keep-color-profile`);
    expect(await other.getByLabel('JPEG', { exact: true }).isChecked()).toBe(true);
    expect(await other.getByLabel('Auto', { exact: true }).isChecked()).toBe(true);
    expect(await other.locator('#metadata').inputValue()).toBe('keep-color-profile');
    await other.close();
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('');
  });

  it('takes an image pasted from the clipboard, and no more files than a batch holds', async () => {
    // The reload above started a new, empty batch.
    expect(await rows().count()).toBe(0);
    const tiny = await sharp({ create: { width: 24, height: 16, channels: 3, background: '#3366cc' } }).png().toBuffer();
    await page.evaluate(`(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array([${[...tiny].join(',')}])], 'image.png', { type: 'image/png' }));
      window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt }));
    })()`);
    await expect.poll(() => row('pasted-image-1.png').count()).toBe(1);
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    await page.locator('#file-input').setInputFiles(names.map((n) => ({ name: `${n}.png`, mimeType: 'image/png', buffer: tiny })));
    await expect.poll(() => page.locator('.notice').textContent()).toBe(
      'A batch holds at most 6 images, so 2 files were not added. Download or clear this batch to add more.',
    );
    expect(await rows().count()).toBe(MAX_BATCH_FILES);
    expect(await row('f.png').count()).toBe(0);
    await expect.poll(() => page.getByTestId('batch-status').textContent(), { timeout: 30_000 }).toBe('6 images done');
  });

  it('works at phone width without sideways scrolling, in light and dark', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 375, height: 740 });
    await phone.goto(`${server.origin}/`);
    await phone.locator('#file-input').setInputFiles([fixtures[2]!]);
    await expect.poll(() => phone.getByTestId('batch-status').textContent(), { timeout: 30_000 }).toBe('1 image done');
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'phone.png'), fullPage: true });
    // The dark scheme keeps its contrast too.
    // Reduced motion: the page then switches without transitions, so the check sees final colours.
    await phone.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'phone-dark.png'), fullPage: true });
    expect(serious(await runAxe(phone))).toEqual([]);
    await phone.close();
  });

  it('has a "Your data" page reached from the footer', async () => {
    await page.getByRole('link', { name: 'Your data' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your data');
    expect(new URL(page.url()).pathname).toBe('/your-data');
    // Either the statistics feature answers, or the page says plainly that it is not there.
    await expect.poll(() => page.locator('[data-testid="record-count"], [data-testid="my-data-problem"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'your-data.png'), fullPage: true });
    expect(serious(await runAxe(page))).toEqual([]);
    expect(await page.locator('footer').getByRole('link', { name: 'Privacy policy' }).getAttribute('href')).toBe('/privacy');
  });

  it('made no request to another origin, broke no CSP rule, and no script failed', () => {
    expect(watch.requests.length).toBeGreaterThan(5);
    expect(foreignRequests(watch, server.origin)).toEqual([]);
    expect(watch.cspViolations).toEqual([]);
    expect(watch.scriptErrors).toEqual([]);
    // The only answers that were errors are the ones the tests asked for: the damaged PNG and its
    // re-run, and "Your data" on a server without statistics.
    expect([...watch.failedLoads].sort()).toEqual(['404 /api/v1/privacy/fields', '404 /api/v1/privacy/my-data', '422 /api/v1/compress', '422 /api/v1/compress']);
  });
});
