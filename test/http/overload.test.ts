import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipeline } from '../../src/compress/index.js';
import { sharp } from '../../src/pipeline/sharp.js';
import { deferred, listen, problemOf, sampleImages, testConfig, type RunningServer } from './support.js';

// The queue is full: 503 OVERLOADED with Retry-After, never a crash or an unbounded queue.
describe('overload', () => {
  it('answers 503 OVERLOADED with Retry-After while every worker is busy and the queue is full', async () => {
    const pipeline = createPipeline(testConfig({ WORKERS: '1', QUEUE_DEPTH: '0' }));
    const server = await listen({ pipeline, env: { WORKERS: '1', QUEUE_DEPTH: '0', OVERLOAD_RETRY_AFTER_SECONDS: '7' } });
    const gate = deferred();
    // The one worker is taken by a task that waits for the gate (a real queue, really full).
    const busy = pipeline.queue.run(() => gate.promise);
    try {
      const png = (await sampleImages()).png;
      const refused = await fetch(`${server.url}/api/v1/compress?format=jpeg`, { method: 'POST', body: png });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('7');
      expect(await problemOf(refused)).toMatchObject({ code: 'OVERLOADED' });
      // Refused before the upload is read: headers announcing a body that never comes get the answer.
      const early = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(server.port, '127.0.0.1', () =>
          socket.write('POST /api/v1/compress HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nContent-Length: 1000000\r\n\r\n'),
        );
        let received = '';
        socket.on('data', (d) => (received += d.toString()));
        socket.on('close', () => resolve(received));
        socket.on('error', reject);
        setTimeout(() => socket.destroy(new Error('no early answer')), 5_000);
      });
      expect(early).toMatch(/^HTTP\/1\.1 503 /);
      expect(early).toContain('"code":"OVERLOADED"');
      gate.resolve();
      await busy;
      const served = await fetch(`${server.url}/api/v1/compress?format=jpeg`, { method: 'POST', body: png });
      expect(served.status).toBe(200);
    } finally {
      gate.resolve();
      await server.close();
    }
  });

  it('answers 503 TIMEOUT with Retry-After when one compression runs too long', async () => {
    const server = await listen({ env: { PROCESSING_TIMEOUT_MS: '100' } });
    try {
      const big = await sharp((await sampleImages()).png).resize(2400).png({ compressionLevel: 0 }).toBuffer();
      const response = await fetch(`${server.url}/api/v1/compress?format=avif&effort=10&quality=90`, { method: 'POST', body: big });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(await problemOf(response)).toMatchObject({ code: 'TIMEOUT' });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

/**
 * Opens a connection, sends `initial`, and resolves with what came back and how long until the
 * server closed it. The 10 s guard only ends a hung test: the server must do the closing.
 */
function slowClient(port: number, initial: string): Promise<{ answer: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1', () => socket.write(initial));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('error', () => undefined);
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error('the server never cut the slow client off'));
    }, 10_000);
    socket.on('close', () => {
      clearTimeout(guard);
      resolve({ answer, closedAfterMs: Date.now() - started });
    });
  });
}

// Slow clients are cut off: headers and whole requests must arrive in time.
describe('slow clients', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen({ env: { HEADERS_TIMEOUT_MS: '400', REQUEST_TIMEOUT_MS: '800' } });
  });
  afterAll(() => server.close());

  it('closes a connection whose headers never finish', async () => {
    const { answer, closedAfterMs } = await slowClient(server.port, 'POST /api/v1/compress HTTP/1.1\r\nHost: x\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    // Cut off by the headers timeout, not refused at once (a timer never fires early, so this
    // lower bound holds however busy the machine is).
    expect(closedAfterMs).toBeGreaterThanOrEqual(350);
  });

  it('answers 408 and closes when the body does not arrive in time', async () => {
    const { answer, closedAfterMs } = await slowClient(server.port, 'POST /api/v1/compress HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nContent-Length: 5000\r\n\r\n\x89PNG');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeGreaterThanOrEqual(750);
  });
});
