import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { healthRoutes } from '../../src/http/routes/health.js';
import { loadConfig } from '../../src/config.js';
import { sharp } from '../../src/pipeline/sharp.js';
import { readCorpus } from '../support/corpus.js';
import { deferred, listen, sampleImages } from './support.js';
import { PROJECT, listeningPort, startServerProcess } from './process.js';

const BASE_ENV = { HOST: '127.0.0.1', PORT: '0', RATE_LIMIT_MAX: '0' };

describe('starting', () => {
  it('defaults to port 3000 on all interfaces with no environment at all', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('0.0.0.0');
    expect(config.redisUrl).toBe('');
    expect(config.corsOrigins).toEqual([]);
    expect(config.trustProxy).toBe(false);
  });

  it('reports every configuration problem at once and exits non-zero', async () => {
    const server = startServerProcess({ MAX_PIXELS: '0', PORT: 'abc', TLS_CERT_FILE: '/x.pem', TRUST_PROXY: 'sometimes', CORS_ORIGINS: 'not an origin' });
    expect(await server.exited).toBe(2);
    const stderr = server.stderr();
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toContain('expected an integer 1–1000000000 for MAX_PIXELS, got "0"');
    expect(stderr).toContain('expected an integer 0–65535 for PORT, got "abc"');
    expect(stderr).toContain('TLS_CERT_FILE and TLS_KEY_FILE');
    expect(stderr).toContain('for TRUST_PROXY, got "sometimes"');
    expect(stderr).toContain('for CORS_ORIGINS, got "not an origin"');
    expect(server.lines.filter((l) => l.includes('listening'))).toEqual([]);
  });

  it('reports unreadable certificate files as configuration problems', async () => {
    const server = startServerProcess({ ...BASE_ENV, TLS_CERT_FILE: '/nonexistent/cert.pem', TLS_KEY_FILE: '/nonexistent/key.pem' });
    expect(await server.exited).toBe(2);
    expect(server.stderr()).toMatch(/TLS_CERT_FILE[^\n]*ENOENT[\s\S]*TLS_KEY_FILE[^\n]*ENOENT/);
  });

  const built = existsSync(path.join(PROJECT, 'dist', 'src', 'app', 'main.js'));
  if (!built) console.warn('dist/ is not built: skipping the `npm start` check (npm install builds it).');

  it.skipIf(!built)('`npm start` (the built dist/src/app/main.js) serves the API', async () => {
    const server = startServerProcess(BASE_ENV, [path.join('dist', 'src', 'app', 'main.js')]);
    try {
      const port = await listeningPort(server);
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/compress?format=webp`, { method: 'POST', body: (await sampleImages()).png });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/webp');
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });
});

describe('graceful shutdown', () => {
  it('on SIGTERM stops accepting, finishes the request in flight, then exits 0', async () => {
    const server = startServerProcess({ ...BASE_ENV, LOG_LEVEL: 'debug' });
    const port = await listeningPort(server);
    // Slow enough to be surely in flight when the signal comes.
    const input = readCorpus('kodak', 'kodim05.png');
    const inFlight = fetch(`http://127.0.0.1:${port}/api/v1/compress?format=avif&effort=5`, { method: 'POST', body: input });
    await server.waitFor(/upload received; compressing/);
    server.child.kill('SIGTERM');
    await server.waitFor(/shutting down/);

    // New connections are refused (within moments of the signal) while the old request is still being worked on.
    const tryConnect = () =>
      new Promise<string>((resolve) => {
        const socket = net.connect(port, '127.0.0.1');
        socket.on('connect', () => (socket.destroy(), resolve('connected')));
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
    let outcome = await tryConnect();
    for (let i = 0; i < 40 && outcome === 'connected'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      outcome = await tryConnect();
    }
    expect(outcome).toBe('ECONNREFUSED');
    expect(server.lines.some((l) => l.includes('request answered'))).toBe(false);

    const response = await inFlight;
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect((await sharp(bytes).metadata()).format).toBe('heif');
    expect(await server.exited).toBe(0);
    expect(server.lines.some((l) => l.includes('shut down cleanly'))).toBe(true);
  }, 90_000);

  it('answers /readyz with 503 once closing, and closes the extensions after the request in flight', async () => {
    const order: string[] = [];
    const gate = deferred();
    const server = await listen({
      extensions: [
        {
          name: 'slow-route',
          async register(app) {
            app.get('/api/v1/slow', async () => {
              await gate.promise;
              order.push('request answered');
              return { ok: true };
            });
          },
          async close() {
            order.push('extension closed');
          },
        },
      ],
    });
    // One keep-alive connection: the slow request, then /readyz pipelined behind it.
    const socket = net.connect(server.port, '127.0.0.1');
    let received = '';
    socket.on('data', (d) => (received += d.toString()));
    const socketClosed = new Promise((resolve) => socket.on('close', resolve));
    await new Promise((resolve) => socket.on('connect', resolve));
    socket.write('GET /api/v1/slow HTTP/1.1\r\nHost: x\r\n\r\nGET /readyz HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const closing = server.app.close();
    await new Promise((r) => setTimeout(r, 100));
    gate.resolve();
    await closing;
    await socketClosed;
    const statuses = [...received.matchAll(/^HTTP\/1\.1 (\d+)/gm)].map((m) => Number(m[1]));
    expect(statuses[0]).toBe(200);
    // The answer in flight closes its connection (no wait for keep-alive timeouts), so the
    // pipelined /readyz is either dropped with it or told the server is draining.
    expect(statuses.slice(1).every((s) => s === 503)).toBe(true);
    expect(received.toLowerCase()).toContain('connection: close');
    expect(order).toEqual(['request answered', 'extension closed']);
    // No waiting for keep-alive connections to time out.
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('/readyz reports draining with 503, /healthz stays 200', async () => {
    const app = Fastify();
    let draining = false;
    await app.register(healthRoutes, { draining: () => draining, rateLimitStore: () => 'memory' });
    expect((await app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready', rateLimitStore: 'memory' });
    draining = true;
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'draining' });
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });
});
