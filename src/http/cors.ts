/**
 * CORS, off by default (CORS_ORIGINS empty). When origins are configured, only /api/ answers
 * them, and the result headers (sizes, ratio, quality…) are exposed so a page elsewhere can show
 * them. No credentials: the API needs none.
 */
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { EXPOSED_HEADERS } from './routes/compress-schema.js';

export async function registerCors(app: FastifyInstance, origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return;
  const apiOptions = {
    origin: origins.includes('*') ? '*' : [...origins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type'],
    exposedHeaders: ['Content-Disposition', ...EXPOSED_HEADERS],
    maxAge: 600,
  };
  await app.register(cors, () => async (request: FastifyRequest) => (/^\/api\//.test(request.url) ? apiOptions : { origin: false }));
}
