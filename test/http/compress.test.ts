import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipeline, type Pipeline } from '../../src/compress/index.js';
import { detectFormat } from '../../src/formats/index.js';
import { sharp } from '../../src/pipeline/sharp.js';
import { testConfig, form, listen, sampleImages, type RunningServer, type RequestBody } from './support.js';

// P1: every accepted format in, every writable format out, over a real socket.
describe('POST /api/v1/compress', () => {
  let server: RunningServer;
  let images: Awaited<ReturnType<typeof sampleImages>>;
  beforeAll(async () => {
    images = await sampleImages();
    server = await listen();
  });
  afterAll(() => server.close());

  const post = (query: string, body: RequestBody, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/v1/compress${query}`, { method: 'POST', body, headers });

  it.each(['jpeg', 'png', 'webp', 'avif', 'gif', 'tiff'] as const)('compresses a raw %s body in its own format (TIFF becomes PNG)', async (input) => {
    const response = await post('', images[input], { 'content-type': input === 'tiff' ? 'image/tiff' : `image/${input}` });
    expect(response.status).toBe(200);
    const expected = input === 'tiff' ? 'png' : input;
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(detectFormat(bytes)).toBe(expected);
    expect(response.headers.get('x-original-format')).toBe(input);
    expect(response.headers.get('x-original-size')).toBe(String(images[input].length));
    expect(response.headers.get('x-compressed-size')).toBe(String(bytes.length));
  });

  it.each(['jpeg', 'png', 'webp', 'avif', 'gif'] as const)('converts PNG to %s from a multipart form, with every result header', async (output) => {
    const response = await post('', form(images.png, 'Summer holiday.final.png', { format: output, quality: '60', effort: '1' }));
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(detectFormat(bytes)).toBe(output);
    const extension = output === 'jpeg' ? 'jpg' : output;
    expect(response.headers.get('content-type')).toBe(`image/${output}`);
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="Summer holiday.final.${extension}"; filename*=UTF-8''Summer%20holiday.final.${extension}`,
    );
    expect(response.headers.get('x-original-size')).toBe(String(images.png.length));
    expect(response.headers.get('x-compressed-size')).toBe(String(bytes.length));
    expect(Number(response.headers.get('x-compression-ratio'))).toBeCloseTo(bytes.length / images.png.length, 4);
    const meta = await sharp(bytes).metadata();
    expect(response.headers.get('x-image-width')).toBe(String(meta.width));
    expect(response.headers.get('x-image-height')).toBe(String(meta.pageHeight ?? meta.height));
    expect(response.headers.get('x-quality')).toMatch(/^(\d+|lossless)$/);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('takes options from the query string for raw bodies (the pipeline\'s names)', async () => {
    const response = await post('?format=webp&quality=75&maxWidth=100&metadata=strip', images.jpeg, { 'content-type': 'image/jpeg' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(response.headers.get('x-image-width')).toBe('100');
    expect(response.headers.get('x-quality')).toBe('75');
    expect(response.headers.get('content-disposition')).toContain('filename="image.webp"');
  });

  it('reports lossless output as X-Quality: lossless', async () => {
    const response = await post('?format=webp&lossless=true&effort=1', images.png, { 'content-type': 'application/octet-stream' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-quality')).toBe('lossless');
  });

  it('accepts options as form fields placed after the file part too', async () => {
    const body = new FormData();
    body.append('file', new Blob([images.png]), 'a.png');
    body.append('format', 'jpeg');
    body.append('maxWidth', '64');
    const response = await post('', body);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('x-image-width')).toBe('64');
  });

  it('treats a body sent with curl\'s default form type as the raw image (the format comes from the bytes)', async () => {
    const response = await post('?format=png', images.webp, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-original-format')).toBe('webp');
  });

  it('keeps only a safe last path segment of the uploaded name, with a UTF-8 form', async () => {
    const response = await post('', form(images.png, '..\\..\\etc/Ünïcödé "pic".png', { format: 'webp' }));
    expect(response.status).toBe(200);
    const disposition = response.headers.get('content-disposition') ?? '';
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('Ünïcödé "pic".webp')}`);
    expect(disposition).toMatch(/^attachment; filename="Unicode _pic_\.webp";/);
  });
});

describe('X-Quality-Score passthrough', () => {
  // Automatic quality (another part of the product) adds `score` to the result; the server only
  // forwards it. A pipeline that decorates real results stands in until it exists.
  let server: RunningServer;
  beforeAll(async () => {
    const real = createPipeline(testConfig());
    const scoring: Pipeline = { ...real, compress: async (input, options) => ({ ...(await real.compress(input, options)), score: 87.456 }) };
    server = await listen({ pipeline: scoring });
  });
  afterAll(() => server.close());

  it('sends X-Quality-Score when the result has a score, and not otherwise', async () => {
    const images = await sampleImages();
    const scored = await fetch(`${server.url}/api/v1/compress?format=jpeg`, { method: 'POST', body: images.png });
    expect(scored.status).toBe(200);
    expect(scored.headers.get('x-quality-score')).toBe('87.46');
    const plain = await listen();
    try {
      const response = await fetch(`${plain.url}/api/v1/compress?format=jpeg`, { method: 'POST', body: images.png });
      expect(response.status).toBe(200);
      expect(response.headers.has('x-quality-score')).toBe(false);
    } finally {
      await plain.close();
    }
  });
});

describe('automatic quality over HTTP', () => {
  it('passes quality=auto through, reports the measured score, and tells extensions it was asked for', async () => {
    const requested: unknown[] = [];
    const server = await listen({ extensions: [{ name: 'witness', async register() {}, onCompressed: (o) => requested.push(o.requestedQuality) }] });
    try {
      const response = await fetch(`${server.url}/api/v1/compress?format=webp&quality=auto`, { method: 'POST', body: (await sampleImages()).png });
      expect(response.status).toBe(200);
      expect(Number(response.headers.get('x-quality'))).toBeGreaterThanOrEqual(1);
      const score = Number(response.headers.get('x-quality-score'));
      expect(score).toBeGreaterThan(0);
      expect(score).toBeLessThanOrEqual(100);
      const fixed = await fetch(`${server.url}/api/v1/compress?format=webp&quality=60`, { method: 'POST', body: (await sampleImages()).png });
      expect(fixed.status).toBe(200);
      expect(requested).toEqual(['auto', 60]);
    } finally {
      await server.close();
    }
  });
});
