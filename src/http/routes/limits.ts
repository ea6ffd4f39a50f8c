/**
 * GET /api/v1/limits — the limits a client should respect before uploading, so that the web page
 * can refuse an oversized file at once instead of after sending it. The server still enforces
 * every limit itself; this only saves people a useless upload.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';

const LIMITS_PATH = '/api/v1/limits';

interface PublicLimits {
  /** Largest accepted upload, in bytes (MAX_INPUT_BYTES). */
  readonly maxInputBytes: number;
  /** Largest accepted image area in pixels (MAX_PIXELS). */
  readonly maxPixels: number;
  /** Files the web page takes in one batch (MAX_BATCH_FILES); each is still its own request. */
  readonly maxBatchFiles: number;
}

function publicLimits(config: Pick<Config, 'maxInputBytes' | 'maxPixels' | 'maxBatchFiles'>): PublicLimits {
  return { maxInputBytes: config.maxInputBytes, maxPixels: config.maxPixels, maxBatchFiles: config.maxBatchFiles };
}

const limitsSchema = {
  summary: 'The upload limits of this server, for clients that check before sending.',
  tags: ['compression'],
  response: {
    200: {
      type: 'object',
      properties: {
        maxInputBytes: { type: 'integer', description: 'Largest accepted upload, in bytes.' },
        maxPixels: { type: 'integer', description: 'Largest accepted image area in pixels.' },
        maxBatchFiles: { type: 'integer', description: 'Files the web page takes in one batch.' },
      },
      required: ['maxInputBytes', 'maxPixels', 'maxBatchFiles'],
    },
  },
} as const;

export async function limitsRoute(app: FastifyInstance, options: { readonly config: Config }): Promise<void> {
  const body = publicLimits(options.config);
  app.get(LIMITS_PATH, { schema: limitsSchema }, async (_request, reply) => reply.header('cache-control', 'no-cache').send(body));
}
