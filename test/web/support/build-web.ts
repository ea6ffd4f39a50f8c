/**
 * Builds web/dist when it is missing or older than the web app's sources (src/shared/ included),
 * so that the browser tests always exercise the page as the current code builds it (and CI needs
 * no extra step).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB_ROOT = fileURLToPath(new URL('../../../web/', import.meta.url));
const WEB_DIST = path.join(WEB_ROOT, 'dist');
/** The server's code the page bundles too (units, score words, defaults, signatures). */
const SHARED_ROOT = fileURLToPath(new URL('../../../src/shared/', import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export async function ensureWebBuilt(): Promise<void> {
  const index = path.join(WEB_DIST, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(newestSource(WEB_ROOT), newestSource(SHARED_ROOT))) return;
  const { build } = await import('vite');
  await build({ root: WEB_ROOT, logLevel: 'warn', configFile: path.join(WEB_ROOT, 'vite.config.ts') });
}
