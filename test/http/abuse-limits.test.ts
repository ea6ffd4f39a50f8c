/**
 * Issue 15: one client cannot take the service down. Per-client compressions in progress, upload
 * bytes held by all clients together, and open connections are capped before a byte of a body is
 * read. Every socket here is real (loopback) and every wait is bounded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipeline, type Pipeline } from '../../src/compress/index.js';
import { selfSigned } from './self-signed.js';
import { LogCapture, listen, sampleImages, testConfig, type RunningServer } from './support.js';

/** A request whose head (and `bodyBytes` of its announced body) is sent, then the client waits. */
interface OpenRequest {
  /** Everything the server answered until now. */
  readonly received: () => string;
  /** Resolves with what the server sent, once it closed the connection or answered a status line. */
  readonly answered: Promise<string>;
  readonly socket: net.Socket;
}

function openRequest(port: number, head: string, body: Buffer = Buffer.alloc(0)): OpenRequest {
  const socket = net.connect(port, '127.0.0.1', () => socket.write(Buffer.concat([Buffer.from(head), body])));
  let received = '';
  const answered = new Promise<string>((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error(`no answer; received ${JSON.stringify(received)}`)), 10_000);
    socket.on('data', (data) => {
      received += data.toString('latin1');
      if (/\r\n\r\n/.test(received)) {
        clearTimeout(guard);
        resolve(received);
      }
    });
    socket.on('close', () => {
      clearTimeout(guard);
      resolve(received);
    });
    socket.on('error', () => undefined);
  });
  answered.catch(() => undefined);
  return { received: () => received, answered, socket };
}

function postHead(clientIp: string, contentLength: number, query = 'format=jpeg'): string {
  return `POST /api/v1/compress?${query} HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: ${clientIp}\r\nContent-Type: image/png\r\nContent-Length: ${contentLength}\r\n\r\n`;
}

async function closeSocket(request: OpenRequest): Promise<void> {
  if (request.socket.destroyed) return;
  await new Promise((resolve) => request.socket.once('close', resolve).destroy());
}

/** Polls `status()` until it is not `busy`, at most `attempts` times (the server hears of a hang-up a moment later). */
async function statusOnceFree(status: () => Promise<number>, busy: number, attempts = 50): Promise<number> {
  let last = busy;
  for (let i = 0; i < attempts && last === busy; i++) {
    last = await status();
    if (last === busy) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return last;
}

describe('compressions in progress per client (MAX_IN_FLIGHT_PER_CLIENT)', () => {
  let png: Buffer;
  let release: () => void = () => undefined;
  let gate: Promise<void> = Promise.resolve();
  /** Compressions that reached the pipeline (and waited at the gate). */
  let atGate = 0;
  let server: RunningServer;
  beforeAll(async () => {
    png = (await sampleImages()).png;
    const config = testConfig({ MAX_IN_FLIGHT_PER_CLIENT: '2' });
    const real = createPipeline(config);
    // The real pipeline, started only when the test opens the gate: "a compression still running".
    const gated: Pipeline = {
      ...real,
      compress: async (input, options) => {
        atGate++;
        await gate;
        return real.compress(input, options);
      },
    };
    server = await listen({ env: { MAX_IN_FLIGHT_PER_CLIENT: '2', TRUST_PROXY: 'true' }, pipeline: gated });
  });
  afterAll(() => server.close());

  const compress = (clientIp: string) =>
    fetch(`${server.url}/api/v1/compress?format=jpeg`, { method: 'POST', body: png, headers: { 'x-forwarded-for': clientIp } }).then((r) => r.status);

  it('refuses a client\'s third upload with 429 and Retry-After before its body is read; other clients go on', async () => {
    const ip = '203.0.113.70';
    // Two uploads that announce a body and send only part of it: both are in progress.
    const first = openRequest(server.port, postHead(ip, png.length), png.subarray(0, 100));
    const second = openRequest(server.port, postHead(ip, png.length), png.subarray(0, 100));
    try {
      const third = openRequest(server.port, postHead(ip, 1_000_000));
      const answer = await third.answered;
      expect(answer).toMatch(/^HTTP\/1\.1 429 /);
      expect(answer.toLowerCase()).toMatch(/\r\nretry-after: 1\r\n/);
      expect(answer).toContain('"code":"RATE_LIMITED"');
      expect(answer).toContain('compressions in progress');
      expect(await compress('203.0.113.71')).toBe(200);
      // A client that hangs up gives its place back.
      await closeSocket(first);
      expect(await statusOnceFree(() => compress(ip), 429)).toBe(200);
    } finally {
      await closeSocket(first);
      await closeSocket(second);
    }
  });

  it('keeps the place of a client that hung up while its compression still runs', async () => {
    const ip = '203.0.113.72';
    gate = new Promise((resolve) => (release = resolve));
    const before = atGate;
    const running = [openRequest(server.port, postHead(ip, png.length), png), openRequest(server.port, postHead(ip, png.length), png)];
    try {
      // Both bodies are complete; hang up once their compressions wait at the gate.
      for (let i = 0; i < 250 && atGate < before + 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(atGate).toBe(before + 2);
      await Promise.all(running.map(closeSocket));
      expect(await openRequest(server.port, postHead(ip, png.length)).answered).toMatch(/^HTTP\/1\.1 429 /);
      release();
      expect(await statusOnceFree(() => compress(ip), 429)).toBe(200);
    } finally {
      release();
      gate = Promise.resolve();
    }
  });
});

describe('upload bytes held by all clients together (MAX_UPLOAD_BYTES_IN_FLIGHT)', () => {
  let png: Buffer;
  let server: RunningServer;
  beforeAll(async () => {
    png = (await sampleImages()).png;
    server = await listen({ env: { MAX_UPLOAD_BYTES_IN_FLIGHT: String(3 * png.length), TRUST_PROXY: 'true' } });
  });
  afterAll(() => server.close());

  it('answers 503 OVERLOADED before reading a body that would pass the cap, and admits what fits', async () => {
    // Another client holds two thirds of the cap with an upload in progress.
    const big = openRequest(server.port, postHead('198.51.100.80', 2 * png.length), png.subarray(0, 100));
    try {
      const fits = await fetch(`${server.url}/api/v1/compress?format=jpeg`, { method: 'POST', body: png, headers: { 'x-forwarded-for': '198.51.100.81' } });
      expect(fits.status).toBe(200);
      const over = openRequest(server.port, postHead('198.51.100.82', png.length + 1));
      const answer = await over.answered;
      expect(answer).toMatch(/^HTTP\/1\.1 503 /);
      expect(answer).toContain('"code":"OVERLOADED"');
      expect(answer.toLowerCase()).toContain('retry-after:');
      // Once the big upload is gone, the same request is admitted.
      await closeSocket(big);
      const status = () =>
        fetch(`${server.url}/api/v1/compress?format=jpeg`, { method: 'POST', body: Buffer.concat([png, Buffer.alloc(1)]), headers: { 'x-forwarded-for': '198.51.100.82' } }).then((r) => r.status);
      expect(await statusOnceFree(status, 503)).not.toBe(503);
    } finally {
      await closeSocket(big);
    }
  });
});

describe('open connections (MAX_CONNECTIONS)', () => {
  let server: RunningServer;
  const logs = new LogCapture();
  beforeAll(async () => {
    server = await listen({ env: { MAX_CONNECTIONS: '2' }, logger: { level: 'warn', stream: logs } });
  });
  afterAll(() => server.close());

  const healthOnNewConnection = () => openRequest(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');

  it('closes a connection past the cap at once, and accepts again when one is gone', async () => {
    // Two kept-alive connections, each answered once: the server holds both.
    const held = [healthOnNewConnection(), healthOnNewConnection()];
    try {
      for (const connection of held) expect(await connection.answered).toMatch(/^HTTP\/1\.1 200 /);
      const third = healthOnNewConnection();
      expect(await third.answered).toBe('');
      expect(third.socket.destroyed || third.socket.readableEnded).toBe(true);
      expect(await healthOnNewConnection().answered).toBe('');
      // The operator hears of it once (not once per dropped connection), without the client's address.
      const warnings = logs.lines.filter((line) => line.includes('connection limit reached'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).not.toContain('127.0.0.1');
      await closeSocket(held[0]!);
      const again = async () => ((await healthOnNewConnection().answered).startsWith('HTTP/1.1 200') ? 200 : 0);
      expect(await statusOnceFree(again, 0)).toBe(200);
    } finally {
      await Promise.all(held.map(closeSocket));
    }
  });
});

describe('compressions in progress over HTTP/2', () => {
  let dir: string;
  let server: RunningServer;
  let material: ReturnType<typeof selfSigned>;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'abuse-h2-'));
    material = selfSigned(dir);
    server = await listen({ env: { TLS_CERT_FILE: material.certFile, TLS_KEY_FILE: material.keyFile, HTTP2: 'true', MAX_IN_FLIGHT_PER_CLIENT: '1' } });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One POST on the session; its status (0 when the stream failed). */
  function post(session: http2.ClientHttp2Session, body: Buffer): Promise<number> {
    return new Promise((resolve) => {
      const stream = session.request({ ':method': 'POST', ':path': '/api/v1/compress?format=jpeg', 'content-type': 'image/png' });
      let status = 0;
      stream.on('response', (headers) => (status = Number(headers[':status'])));
      stream.on('error', () => resolve(0));
      stream.resume();
      stream.on('close', () => resolve(status));
      stream.end(body);
    });
  }

  it('gives the place back when a stream is answered, so the same client\'s next stream is admitted', async () => {
    const png = (await sampleImages()).png;
    const session = http2.connect(server.url, { ca: material.cert });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push(await post(session, png));
      expect(statuses).toEqual([200, 200, 200]);
    } finally {
      session.destroy();
    }
  });
});
