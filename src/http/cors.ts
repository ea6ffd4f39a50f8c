/**
 * CORS, off by default (CORS_ORIGINS empty). When origins are configured, only the compression and
 * limits routes answer them, and the result headers (sizes, ratio, quality…) are exposed so a page
 * elsewhere can show them. No credentials: those routes need none. The privacy rights and the
 * operator API are never opened to another origin: they act on a session cookie or credentials, so
 * a page elsewhere must neither read nor trigger them (issue 15).
 */
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { EXPOSED_HEADERS } from './routes/compress-schema.js';

/** The routes a page on another origin may call: exactly these paths, with or without a query. */
const CROSS_ORIGIN_PATHS = new Set(['/api/v1/compress', '/api/v1/limits']);

function isCrossOriginRoute(url: string): boolean {
  return CROSS_ORIGIN_PATHS.has(url.split('?')[0] ?? '');
}

export async function registerCors(app: FastifyInstance, origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return;
  const apiOptions = {
    origin: origins.includes('*') ? '*' : [...origins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type'],
    exposedHeaders: ['Content-Disposition', ...EXPOSED_HEADERS],
    maxAge: 600,
  };
  await app.register(cors, () => async (request: FastifyRequest) => (isCrossOriginRoute(request.url) ? apiOptions : { origin: false }));
}
