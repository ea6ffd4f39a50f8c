import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOG } from '../../src/errors.js';
import type { ServerExtension } from '../../src/http/extension.js';
import { sharp } from '../../src/pipeline/sharp.js';
import { form, listen, problemOf, sampleImages, type RunningServer, type RequestBody } from './support.js';

async function animatedGif(frames: number): Promise<Buffer> {
  const pngs = await Promise.all(
    Array.from({ length: frames }, (_, i) => sharp({ create: { width: 48, height: 32, channels: 3, background: { r: i * 60, g: 120, b: 200 } } }).png().toBuffer()),
  );
  return sharp(pngs, { join: { animated: true } }).gif({ delay: 100 }).toBuffer();
}

/** An extension whose route has a bug: the client must see INTERNAL and nothing of the bug. */
const buggy: ServerExtension = {
  name: 'buggy',
  async register(app: FastifyInstance) {
    app.get('/api/v1/buggy', async () => {
      throw new Error('secret internal detail at /srv/app/db.ts:42');
    });
  },
};

// Every user-caused failure: a stable code, the right status, a human sentence, no stack trace.
describe('errors are problem+json with stable codes', () => {
  let server: RunningServer;
  let images: Awaited<ReturnType<typeof sampleImages>>;
  beforeAll(async () => {
    images = await sampleImages();
    server = await listen({ env: { MAX_INPUT_BYTES: '200k', MAX_PIXELS: '20000', MAX_FRAMES: '4' }, extensions: [buggy] });
  });
  afterAll(() => server.close());

  const post = (query: string, body: RequestBody, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/v1/compress${query}`, { method: 'POST', body, headers });

  async function expectProblem(response: Response, status: number, code: string): Promise<string> {
    expect(response.status).toBe(status);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ status, code, type: `urn:compressorimage:error:${code}`, title: ERROR_CATALOG[code as keyof typeof ERROR_CATALOG].message });
    expect(problem.detail.length).toBeGreaterThan(10);
    expect(problem.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(problem)).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/);
    // Errors carry the security headers too.
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    return problem.detail;
  }

  it('400 INVALID_OPTION from the query, in the pipeline\'s sentence, before the body is used', async () => {
    const detail = await expectProblem(await post('?quality=101&format=bmp', images.png), 400, 'INVALID_OPTION');
    expect(detail).toContain('expected an integer 1–100 for quality, got "101"');
    expect(detail).toContain('expected one of jpeg, png, webp, avif, gif for format, got "bmp"');
  });

  it('400 INVALID_OPTION from a form field, and for an unknown option name', async () => {
    const detail = await expectProblem(await post('', form(images.png, 'a.png', { quality: '0', colour: 'red' })), 400, 'INVALID_OPTION');
    expect(detail).toContain('expected an integer 1–100 for quality, got "0"');
    expect(detail).toContain('unknown option "colour"');
  });

  it('400 EMPTY_INPUT for an empty body and for a form without a file', async () => {
    await expectProblem(await post('', new Uint8Array(0), { 'content-type': 'image/png' }), 400, 'EMPTY_INPUT');
    const body = new FormData();
    body.append('format', 'webp');
    const detail = await expectProblem(await post('', body), 400, 'EMPTY_INPUT');
    expect(detail).toContain('"file"');
  });

  it('400 BAD_REQUEST for two files, or a file in another part', async () => {
    const two = form(images.png, 'a.png');
    two.append('file', new Blob([images.png]), 'b.png');
    await expectProblem(await post('', two), 400, 'BAD_REQUEST');
    const other = new FormData();
    other.append('image', new Blob([images.png]), 'a.png');
    await expectProblem(await post('', other), 400, 'BAD_REQUEST');
  });

  it('413 FILE_TOO_LARGE, raw or multipart, naming the limit', async () => {
    const big = new Uint8Array(300 * 1024);
    big.set(images.png.subarray(0, 64));
    expect(await expectProblem(await post('', big, { 'content-type': 'image/png' }), 413, 'FILE_TOO_LARGE')).toContain('200kb');
    await expectProblem(await post('', form(big, 'big.png')), 413, 'FILE_TOO_LARGE');
  });

  it('415 UNSUPPORTED_FORMAT for bytes that are no supported image, whatever the declared type', async () => {
    await expectProblem(await post('', 'just some text, not an image', { 'content-type': 'image/png' }), 415, 'UNSUPPORTED_FORMAT');
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>';
    await expectProblem(await post('', form(new TextEncoder().encode(svg), 'x.png', {}, 'image/png')), 415, 'UNSUPPORTED_FORMAT');
  });

  it('422 CORRUPT_IMAGE for a truncated image', async () => {
    const small = await sharp(images.png).resize(64).png({ palette: false }).toBuffer();
    await expectProblem(await post('', small.subarray(0, Math.floor(small.length / 2)), { 'content-type': 'image/png' }), 422, 'CORRUPT_IMAGE');
  });

  it('422 TOO_MANY_PIXELS (192×128 over a 20000-pixel limit)', async () => {
    expect(images.png.length).toBeLessThan(200 * 1024);
    await expectProblem(await post('', images.png), 422, 'TOO_MANY_PIXELS');
  });

  it('422 TOO_MANY_FRAMES and ANIMATION_NOT_SUPPORTED', async () => {
    await expectProblem(await post('', await animatedGif(5)), 422, 'TOO_MANY_FRAMES');
    await expectProblem(await post('?format=jpeg', await animatedGif(3)), 422, 'ANIMATION_NOT_SUPPORTED');
  });

  it('422 OUTPUT_TOO_LARGE for a 16400 px wide image asked as WebP', async () => {
    const wide = await sharp({ create: { width: 16_400, height: 1, channels: 3, background: '#808080' } }).png().toBuffer();
    await expectProblem(await post('?format=webp', wide), 422, 'OUTPUT_TOO_LARGE');
  });

  it('404 NOT_FOUND and 405 METHOD_NOT_ALLOWED (with Allow)', async () => {
    await expectProblem(await fetch(`${server.url}/api/v1/nothing-here`), 404, 'NOT_FOUND');
    const wrongMethod = await fetch(`${server.url}/api/v1/compress`);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    await expectProblem(wrongMethod, 405, 'METHOD_NOT_ALLOWED');
  });

  it('500 INTERNAL for a bug, without its message or stack; the server stays up', async () => {
    const detail = await expectProblem(await fetch(`${server.url}/api/v1/buggy`), 500, 'INTERNAL');
    expect(detail).not.toContain('secret internal detail');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
