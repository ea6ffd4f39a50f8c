import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerExtension } from '../../src/http/extension.js';
import { LogCapture, form, listen, sampleImages, type RunningServer } from './support.js';

const CANARY_NAME = 'zebra-canary-7731-holiday';
const CANARY_IP = '203.0.113.177';

/** Records that the extension hook saw the client as the server resolved it (so the canary really went in). */
const seen: string[] = [];
const witness: ServerExtension = {
  name: 'witness',
  async register() {},
  onCompressed(observation) {
    seen.push(observation.request.ip);
  },
};

// P4: logs never contain a client address, a file name or image bytes — at the most verbose level.
describe('the log canary', () => {
  const logs = new LogCapture();
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen({ env: { TRUST_PROXY: 'true', RATE_LIMIT_MAX: '3', RATE_LIMIT_BURST: '3' }, logger: { level: 'trace', stream: logs }, extensions: [witness] });
  });
  afterAll(() => server.close());

  it('finds neither the distinctive file name nor the forwarded address in any log line', async () => {
    const images = await sampleImages();
    const headers = { 'x-forwarded-for': CANARY_IP, 'user-agent': `agent-${CANARY_NAME}` };
    const send = (body: FormData, query = '') => fetch(`${server.url}/api/v1/compress${query}`, { method: 'POST', body, headers });
    const statuses = [
      (await send(form(images.png, `${CANARY_NAME}.png`, { format: 'webp' }))).status,
      (await send(form(Buffer.from('not an image at all'), `${CANARY_NAME}.png`))).status,
      (await send(form(images.png, `${CANARY_NAME}.png`), '?quality=nope')).status,
      (await send(form(images.png, `${CANARY_NAME}.png`))).status,
    ];
    // A success, a refusal, a bad option, and the rate limit: every path that logs.
    expect(statuses).toEqual([200, 415, 400, 429]);
    const raw = await fetch(`${server.url}/api/v1/${CANARY_NAME}`, { headers });
    expect(raw.status).toBe(404);
    expect(seen).toContain(CANARY_IP);

    await new Promise((resolve) => setImmediate(resolve));
    const answered = logs.lines.filter((line) => line.includes('request answered'));
    expect(answered.length).toBeGreaterThanOrEqual(5);
    // The lines carry what operators need: id, route, status, duration, sizes.
    const first = JSON.parse(answered[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ route: '/api/v1/compress', status: 200, method: 'POST', outputFormat: 'webp' });
    expect(first).toHaveProperty('reqId');
    expect(first).toHaveProperty('durationMs');
    expect(first).toHaveProperty('inputBytes');
    for (const line of logs.lines) {
      expect(line).not.toContain(CANARY_NAME);
      expect(line).not.toContain(CANARY_IP);
      // The real peer address is the test's loopback; only the server's own "listening" line may name it.
      if (line.includes('"reqId"')) expect(line).not.toContain('127.0.0.1');
      // No image bytes either: lines stay short and hold no PNG signature or base64 blob.
      expect(line.length).toBeLessThan(2_000);
      expect(line).not.toMatch(/PNG|[A-Za-z0-9+/]{200,}/);
    }
  });
});
