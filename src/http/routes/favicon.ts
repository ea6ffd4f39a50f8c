/**
 * The site icon, for every page: the web app, and the pages the server renders itself (/privacy,
 * /admin, /api/docs), which link `/favicon.svg`. `/favicon.ico` answers too, with the same SVG,
 * for clients that ask for it without reading any page. The icon is web/public/favicon.svg (the
 * file the web app's build copies), read once at start, so that it is served with or without a
 * build of the web app.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

export interface FaviconOptions {
  /** The project's directory (web/public/favicon.svg is under it). */
  readonly projectRoot: string;
}

// A day: the icon changes at most with a release, and browsers refetch icons rarely anyway.
const CACHE_CONTROL = 'public, max-age=86400';

export async function faviconRoutes(app: FastifyInstance, options: FaviconOptions): Promise<void> {
  const icon = readFileSync(path.join(options.projectRoot, 'web', 'public', 'favicon.svg'));
  for (const url of ['/favicon.svg', '/favicon.ico']) {
    app.get(url, { schema: { hide: true } }, async (_request, reply) => reply.type('image/svg+xml').header('cache-control', CACHE_CONTROL).send(icon));
  }
}
