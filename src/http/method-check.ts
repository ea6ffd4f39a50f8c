/**
 * Tells a wrong method (405 METHOD_NOT_ALLOWED, with Allow) from a wrong address (404): Fastify
 * answers both with 404, so the routes are collected as they are registered and the not-found
 * handler asks which methods the path would have matched.
 */
import type { FastifyInstance } from 'fastify';

interface KnownRoute {
  readonly methods: readonly string[];
  readonly pattern: RegExp;
}

function patternOf(url: string): RegExp | undefined {
  // Catch-all routes (the web app's static files) would match everything: they say nothing.
  if (url.includes('*')) return undefined;
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

export function collectRoutes(app: FastifyInstance): (path: string) => string[] {
  const routes: KnownRoute[] = [];
  app.addHook('onRoute', (route) => {
    const pattern = patternOf(route.url);
    if (pattern) routes.push({ methods: ([] as string[]).concat(route.method), pattern });
  });
  return (path) => {
    const bare = path.split('?')[0] ?? '';
    return [...new Set(routes.filter((r) => r.pattern.test(bare)).flatMap((r) => r.methods))].sort();
  };
}
