/**
 * Issue 15: a request's weight in its client's bucket grows with the work it asks for (automatic
 * modes, effort, pixels), so a client cannot choose how expensive its quota is. docs/api.md has
 * the table these tests check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionsCost, pixelCost } from '../../src/http/rate-limit/cost.js';
import { parseOptions } from '../../src/pipeline/options.js';
import { sharp } from '../../src/pipeline/sharp.js';
import { form, listen, problemOf, sampleImages, type RunningServer } from './support.js';

describe('the weights', () => {
  const cost = (query: Record<string, string>) => optionsCost(parseOptions(query));

  it('charges the automatic modes and the slowest efforts more than a plain re-encode', () => {
    expect(cost({ format: 'jpeg' })).toBe(1);
    expect(cost({ quality: 'auto' })).toBe(3);
    expect(cost({ target: '80' })).toBe(3);
    expect(cost({ maxBytes: '200k' })).toBe(3);
    expect(cost({ format: 'auto' })).toBe(5);
    expect(cost({ format: 'avif', effort: '6' })).toBe(1);
    expect(cost({ format: 'avif', effort: '7' })).toBe(2);
    expect(cost({ format: 'avif', effort: '10' })).toBe(3);
    expect(cost({ format: 'auto', effort: '10' })).toBe(7);
  });

  it('charges one more for every started 10 megapixels beyond the first', () => {
    expect(pixelCost(0)).toBe(0);
    expect(pixelCost(10_000_000)).toBe(0);
    expect(pixelCost(10_000_001)).toBe(1);
    expect(pixelCost(50_000_000)).toBe(4);
  });
});

describe('weighted limiting over HTTP', () => {
  let png: Buffer;
  beforeAll(async () => {
    png = (await sampleImages()).png;
  });

  const remaining = (response: Response) => Number(/;r=(\d+);/.exec(response.headers.get('ratelimit') ?? '')?.[1]);

  describe('options in the query string, charged before the body', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await listen({ env: { RATE_LIMIT_MAX: '10', RATE_LIMIT_WINDOW_SECONDS: '600', RATE_LIMIT_BURST: '10' } });
    });
    afterAll(() => server.close());
    const compress = (query: string) => fetch(`${server.url}/api/v1/compress?${query}`, { method: 'POST', body: png });

    it('takes each request\'s weight out of the bucket, and refuses one the bucket cannot pay', async () => {
      const plain = await compress('format=jpeg');
      expect([plain.status, remaining(plain)]).toEqual([200, 9]);
      const search = await compress('format=webp&quality=auto');
      expect([search.status, remaining(search)]).toEqual([200, 6]);
      // format=auto at effort 9 weighs 7: more than the 6 left.
      const heavy = await compress('format=auto&effort=9');
      expect(heavy.status).toBe(429);
      expect(await problemOf(heavy)).toMatchObject({ code: 'RATE_LIMITED' });
      expect(Number(heavy.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // A refused request takes nothing: a plain one still goes through.
      const after = await compress('format=jpeg');
      expect([after.status, remaining(after)]).toEqual([200, 5]);
    });
  });

  describe('pixels and form fields, charged once the upload is read', () => {
    let server: RunningServer;
    let large: Buffer;
    beforeAll(async () => {
      // 25 megapixels of one colour: a few kilobytes to send, a lot of pixels to encode.
      large = await sharp({ create: { width: 5000, height: 5000, channels: 3, background: '#808080' } }).png().toBuffer();
      server = await listen({ env: { RATE_LIMIT_MAX: '4', RATE_LIMIT_WINDOW_SECONDS: '600', RATE_LIMIT_BURST: '4', TRUST_PROXY: 'true' } });
    });
    afterAll(() => server.close());

    it('refuses an image whose pixels weigh more than what is left, before encoding it', async () => {
      const client = { 'x-forwarded-for': '198.51.100.90' };
      // 1 (options) + 2 (25 MP: two more started blocks of 10 MP) = 3 of 4.
      const first = await fetch(`${server.url}/api/v1/compress?format=jpeg`, { method: 'POST', body: large, headers: client });
      expect([first.status, remaining(first)]).toEqual([200, 1]);
      const second = await fetch(`${server.url}/api/v1/compress?format=jpeg`, { method: 'POST', body: large, headers: client });
      expect(second.status).toBe(429);
      expect(await problemOf(second)).toMatchObject({ code: 'RATE_LIMITED' });
    });

    it('weighs options sent as form fields once the form is read', async () => {
      const client = { 'x-forwarded-for': '198.51.100.91' };
      // The query says nothing (weight 1 before the body); the form asks for format=auto (5 > 4).
      const auto = await fetch(`${server.url}/api/v1/compress`, { method: 'POST', body: form(png, 'a.png', { format: 'auto' }), headers: client });
      expect(auto.status).toBe(429);
      const plain = await fetch(`${server.url}/api/v1/compress`, { method: 'POST', body: form(png, 'a.png', { format: 'jpeg' }), headers: client });
      expect(plain.status).toBe(200);
    });
  });
});
