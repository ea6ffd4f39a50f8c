/** GET /api/v1/limits: what the web page reads to refuse files before uploading them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/http/server.js';

describe('GET /api/v1/limits', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await buildServer({ config: loadConfig({ MAX_INPUT_BYTES: '7mb', MAX_BATCH_FILES: '5', MAX_PIXELS: '1234567' }), logger: false });
  });

  afterAll(async () => app?.close());

  it('answers the configured limits as JSON', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/limits' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({ maxInputBytes: 7 * 1024 * 1024, maxPixels: 1234567, maxBatchFiles: 5 });
  });

  it('defaults to 20 files per batch', () => {
    expect(loadConfig({}).maxBatchFiles).toBe(20);
  });
});
