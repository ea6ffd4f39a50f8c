/**
 * The built web app (web/dist) at `/`, with the single-page-app fallback: an unknown GET path
 * that is not the API, the operator pages, the privacy page or a health check gets index.html.
 * Without a build, `/` answers a short page saying so (the API works regardless).
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Paths that are never the web app: a miss there is a real 404. */
const NOT_APP = /^\/(api|admin|privacy|healthz|readyz)(\/|$)|^\/admin/;
/** A last segment with an extension names a file (a missing asset), not a page of the app. */
const FILE_LIKE = /\/[^/]*\.[^/]*$/;

function isAppPath(url: string): boolean {
  const bare = url.split('?')[0] ?? '';
  return !NOT_APP.test(bare) && !FILE_LIKE.test(bare);
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CompressorImage</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"></head>
<body><h1>CompressorImage</h1>
<p>The web app has not been built (web/dist is missing), so there is no page to show here yet.</p>
<p>The compression API works: see <a href="/api/docs">/api/docs</a>.</p></body></html>
`;

export interface WebAppOptions {
  readonly root: string;
}

/** Returns the SPA fallback for the not-found handler, or undefined when there is no build. */
export async function webAppRoutes(app: FastifyInstance, options: WebAppOptions): Promise<void> {
  const index = path.join(options.root, 'index.html');
  if (!existsSync(index)) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE));
    return;
  }
  await app.register(fastifyStatic, {
    root: options.root,
    // index.html must be revalidated so a new release is picked up; hashed assets never change.
    setHeaders: (reply: FastifyReply, filePath: string) => {
      reply.header('cache-control', /[\\/]assets[\\/]/.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}

/** The SPA fallback: index.html for unknown app paths, when the app is built. */
export function spaFallback(root: string) {
  const built = existsSync(path.join(root, 'index.html'));
  return (request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined => {
    if (!built || (request.method !== 'GET' && request.method !== 'HEAD') || !isAppPath(request.url)) return undefined;
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root);
  };
}
