/**
 * Watches everything the pages of a browser context do on the network and in their consoles, so a
 * test can prove that nothing went to another origin, that the Content-Security-Policy never had
 * to block anything, and that no script failed.
 */
import type { BrowserContext } from 'playwright-core';

export interface PageWatch {
  /** Every URL the pages requested (documents, scripts, styles, images, XHR, fetch). */
  readonly requests: string[];
  /** Uncaught exceptions and unhandled rejections in the pages' scripts, and what they wrote to console.error. */
  readonly scriptErrors: string[];
  /** Answers of 400 and above, as "status path" (the browser also reports each one in the console). */
  readonly failedLoads: string[];
  readonly cspViolations: string[];
}

/** Starts watching every page of `context`, those opened later included. */
export function watchContext(context: BrowserContext): PageWatch {
  const watch: PageWatch = { requests: [], scriptErrors: [], failedLoads: [], cspViolations: [] };
  context.on('request', (request) => watch.requests.push(request.url()));
  context.on('response', (response) => {
    if (response.status() >= 400) watch.failedLoads.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  context.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (/Content Security Policy/i.test(text)) watch.cspViolations.push(text);
    // The browser's own line for a failed load, already in failedLoads with its path.
    else if (!/^Failed to load resource: the server responded with a status of \d+/.test(text)) watch.scriptErrors.push(text);
  });
  context.on('weberror', (error) => watch.scriptErrors.push(String(error.error())));
  return watch;
}

/** Requests that left the page's own origin (blob: and data: URLs never leave the browser). */
export function foreignRequests(watch: PageWatch, origin: string): string[] {
  return watch.requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'));
}
