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

    // New connections are refused while the old request is still being worked on (the order is
    // what matters, not how many attempts it takes: a server that kept listening hangs the test).
    expect(await firstRefusal(port)).toBe('ECONNREFUSED');
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
    const slowStarted = deferred();
    const server = await listen({
      extensions: [
        {
          name: 'slow-route',
          async register(app) {
            app.get('/api/v1/slow', async () => {
              slowStarted.resolve();
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
    // A load balancer's probe, half sent: a request in progress on its connection, so the shutdown
    // does not close that connection as idle, and the probe is answered while the server drains.
    const probe = await rawConnection(server.port);
    probe.socket.write('GET /readyz HTTP/1.1\r\nHost: x\r\n');
    // The slow request, in flight when the shutdown begins. Its handler running means the server
    // has also read the probe's first bytes, which were on the wire before it.
    const slow = await rawConnection(server.port);
    slow.socket.write('GET /api/v1/slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await slowStarted.promise;

    const closing = server.app.close();
    // Draining has begun once the listener refuses new connections (the preClose hook runs first).
    expect(await firstRefusal(server.port)).toBe('ECONNREFUSED');
    probe.socket.write('\r\n');
    await probe.closed;
    order.push('probe answered');
    expect(probe.received()).toMatch(/^HTTP\/1\.1 503 /);
    expect(probe.received()).toContain('{"status":"draining"}');
    // Answers given while draining close their connection: no waiting for keep-alive timeouts.
    expect(probe.received().toLowerCase()).toContain('connection: close');

    gate.resolve();
    await closing;
    await slow.closed;
    expect(slow.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(slow.received().toLowerCase()).toContain('connection: close');
    expect(order).toEqual(['probe answered', 'request answered', 'extension closed']);
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

/** A plain TCP connection to the server, keeping whatever comes back. */
async function rawConnection(port: number): Promise<{ socket: net.Socket; received: () => string; closed: Promise<void> }> {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (d: Buffer) => (received += d.toString()));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise((resolve) => socket.on('connect', resolve));
  return { socket, received: () => received, closed };
}

/** 'connected' while the server accepts connections, else the error code (ECONNREFUSED once it stopped listening). */
function tryConnect(port: number): Promise<string> {
  return new Promise<string>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => (socket.destroy(), resolve('connected')));
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

/**
 * Connects until the server stops taking connections, and says how the first refused one ended.
 * A reset is a connection caught in the listener's backlog as it closed: the next try tells.
 */
async function firstRefusal(port: number): Promise<string> {
  let outcome = await tryConnect(port);
  while (outcome === 'connected' || outcome === 'ECONNRESET') outcome = await tryConnect(port);
  return outcome;
}
