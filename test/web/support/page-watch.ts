/**
 * Watches everything a page does on the network and in its console, so a test can prove that
 * nothing went to another origin and that the Content-Security-Policy never had to block anything.
 */
import type { Page } from 'playwright-core';

export interface PageWatch {
  /** Every URL the page requested (documents, scripts, styles, images, XHR, fetch). */
  readonly requests: string[];
  /** Console messages reporting a CSP violation or another error. */
  readonly errors: string[];
  readonly cspViolations: string[];
}

export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { requests: [], errors: [], cspViolations: [] };
  page.on('request', (request) => watch.requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (/Content Security Policy/i.test(text)) watch.cspViolations.push(text);
    else watch.errors.push(text);
  });
  page.on('pageerror', (error) => watch.errors.push(String(error)));
  return watch;
}

/** Requests that left the page's own origin (blob: and data: URLs never leave the browser). */
export function foreignRequests(watch: PageWatch, origin: string): string[] {
  return watch.requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'));
}
