// Issue 15, item 2: with HTTP2=true the slow-client protections hold for HTTP/2 as they do for
// HTTP/1.1: a stream's request must arrive within REQUEST_TIMEOUT_MS, a connection's headers within
// HEADERS_TIMEOUT_MS, and one connection has at most 100 streams open at once. Real TLS, real
// sockets on loopback; every wait is bounded by a count of small steps.
import { mkdtempSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerExtension } from '../../src/http/extension.js';
import { HTTP2_MAX_CONCURRENT_STREAMS } from '../../src/http/http2-guard.js';
import { connectRaw, FLAG, frame, FRAME, frameHeader, REFUSED_STREAM, requestHeaderBlock, SETTING_MAX_CONCURRENT_STREAMS, settingValue } from './h2-raw.js';
import { selfSigned, type SelfSigned } from './self-signed.js';
import { deferred, listen, sampleImages, type RunningServer } from './support.js';

/** Steps of a trickle: far more than any deadline under test needs, so only a missing deadline runs out. */
const TRICKLE_STEPS = 150;
const TRICKLE_STEP_MS = 100;

let dir: string;
let material: SelfSigned;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ci-h2-'));
  material = selfSigned(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The status of one whole request on an open session. */
function answerStatus(session: http2.ClientHttp2Session, headers: http2.OutgoingHttpHeaders, body?: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const stream = session.request(headers, { endStream: body === undefined });
    stream.on('response', (answer) => resolve(Number(answer[':status'])));
    stream.on('error', reject);
    stream.resume();
    if (body !== undefined) stream.end(body);
  });
}

function http2Server(env: Record<string, string>, extensions: ServerExtension[] = []): Promise<RunningServer> {
  return listen({ env: { TLS_CERT_FILE: material.certFile, TLS_KEY_FILE: material.keyFile, HTTP2: 'true', ...env }, extensions });
}

describe('HTTP/2 streams per connection', () => {
  const release = deferred();
  let held = 0;
  // A route that answers only when the test says so, so that streams stay open.
  const holdRoute: ServerExtension = {
    name: 'test-hold',
    register: async (app) => {
      app.get('/test/hold', async () => {
        held += 1;
        await release.promise;
        return { released: true };
      });
    },
  };
  let server: RunningServer;
  beforeAll(async () => {
    server = await http2Server({}, [holdRoute]);
  });
  afterAll(async () => {
    release.resolve();
    await server.close();
  });

  it(`announces at most ${HTTP2_MAX_CONCURRENT_STREAMS} concurrent streams and refuses the next one`, async () => {
    const raw = await connectRaw(server.port, material.cert);
    try {
      const settings = await raw.waitForFrame((f) => f.type === FRAME.SETTINGS && (f.flags & FLAG.ACK) === 0);
      expect(settingValue(settings, SETTING_MAX_CONCURRENT_STREAMS)).toBe(100);
      // Our SETTINGS acknowledged first, so the server's limit is in force.
      await raw.waitForFrame((f) => f.type === FRAME.SETTINGS && (f.flags & FLAG.ACK) !== 0);
      const block = requestHeaderBlock('GET', '/test/hold', '127.0.0.1');
      const streamIds = Array.from({ length: 101 }, (_, i) => 2 * i + 1);
      const last = streamIds.at(-1) ?? 0;
      raw.send(Buffer.concat(streamIds.map((id) => frame(FRAME.HEADERS, FLAG.END_HEADERS | FLAG.END_STREAM, id, block))));
      // A client that breaks the announced limit is refused: the stream is reset, or (what Node
      // does) the whole connection ends with a protocol error.
      const refused = await Promise.race([
        raw.closed.then(() => true),
        raw.waitForFrame((f) => (f.type === FRAME.RST_STREAM && f.streamId === last) || f.type === FRAME.GOAWAY).then(() => true, () => true),
        sleep(10_000).then(() => false),
      ]);
      expect(refused, 'the 101st stream was neither reset nor refused').toBe(true);
      const reset = raw.frames.find((f) => f.type === FRAME.RST_STREAM && f.streamId === last);
      if (reset) expect(reset.payload.readUInt32BE(0)).toBe(REFUSED_STREAM);
      // The first 100 reached the route; the 101st never did and got no answer.
      for (let step = 0; step < TRICKLE_STEPS && held < 100; step += 1) await sleep(TRICKLE_STEP_MS);
      expect(held).toBe(100);
      expect(raw.frames.filter((f) => f.type === FRAME.HEADERS && f.streamId === last)).toEqual([]);
    } finally {
      raw.destroy();
    }
  });
});

describe('HTTP/2 deadlines', () => {
  it('answers 408 and resets a stream whose body does not arrive within REQUEST_TIMEOUT_MS, however steadily it trickles', async () => {
    const server = await http2Server({ HEADERS_TIMEOUT_MS: '500', REQUEST_TIMEOUT_MS: '1000' });
    const session = http2.connect(server.url, { ca: material.cert });
    try {
      const stream = session.request({ ':method': 'POST', ':path': '/api/v1/compress?format=webp', 'content-type': 'application/octet-stream' }, { endStream: false });
      let status: number | undefined;
      stream.on('response', (headers) => (status = Number(headers[':status'])));
      stream.on('error', () => undefined);
      stream.resume();
      for (let step = 0; step < TRICKLE_STEPS && status === undefined && !stream.closed; step += 1) {
        stream.write(Buffer.from([0x89]));
        await sleep(TRICKLE_STEP_MS);
      }
      expect(status).toBe(408);
      for (let step = 0; step < TRICKLE_STEPS && !stream.closed; step += 1) await sleep(TRICKLE_STEP_MS);
      expect(stream.closed, 'the stream was answered but not reset').toBe(true);
      expect(stream.rstCode).toBe(http2.constants.NGHTTP2_CANCEL);
      // The connection is still good for the next request.
      expect(await answerStatus(session, { ':path': '/healthz' })).toBe(200);
    } finally {
      session.destroy();
      await server.close();
    }
  });

  it('does not compress a body that was cut off by the deadline, even when what arrived is a whole image', async () => {
    let compressed = 0;
    const counter: ServerExtension = { name: 'test-count', register: async () => undefined, onCompressed: () => (compressed += 1) };
    // One worker: compressions run in order, so the cut-off one would finish before the next.
    const server = await http2Server({ HEADERS_TIMEOUT_MS: '500', REQUEST_TIMEOUT_MS: '1000', WORKERS: '1' }, [counter]);
    const session = http2.connect(server.url, { ca: material.cert });
    try {
      const image = (await sampleImages()).png;
      const stream = session.request({ ':method': 'POST', ':path': '/api/v1/compress?format=webp', 'content-type': 'application/octet-stream' }, { endStream: false });
      let status: number | undefined;
      stream.on('response', (headers) => (status = Number(headers[':status'])));
      stream.on('error', () => undefined);
      stream.resume();
      stream.write(image);
      // The image is all there but the stream never ends; pings keep the connection busy.
      for (let step = 0; step < TRICKLE_STEPS && !stream.closed; step += 1) {
        session.ping(() => undefined);
        await sleep(TRICKLE_STEP_MS);
      }
      expect(status).toBe(408);
      expect(await answerStatus(session, { ':method': 'POST', ':path': '/api/v1/compress?format=webp', 'content-type': 'application/octet-stream' }, image)).toBe(200);
      expect(compressed).toBe(1);
    } finally {
      session.destroy();
      await server.close();
    }
  });

  it('closes a connection whose request headers do not arrive within HEADERS_TIMEOUT_MS, however steadily they trickle', async () => {
    // REQUEST_TIMEOUT_MS is long here: only the header deadline can end this connection in time.
    const server = await http2Server({ HEADERS_TIMEOUT_MS: '500', REQUEST_TIMEOUT_MS: '600000' });
    const raw = await connectRaw(server.port, material.cert);
    try {
      // A HEADERS frame that announces 1,000 bytes of header block and sends them one at a time.
      raw.send(frameHeader(FRAME.HEADERS, FLAG.END_HEADERS | FLAG.END_STREAM, 1, 1_000));
      let closed = false;
      void raw.closed.then(() => (closed = true));
      let sent = 0;
      for (; sent < TRICKLE_STEPS && !closed; sent += 1) {
        raw.send(Buffer.from([0x40]));
        await sleep(TRICKLE_STEP_MS);
      }
      expect(closed, `still open after ${sent} header bytes`).toBe(true);
    } finally {
      raw.destroy();
      await server.close();
    }
  });

  it('keeps the HTTP/1.1 header deadline for HTTP/1.1 clients of the HTTP/2 server', async () => {
    const server = await http2Server({ HEADERS_TIMEOUT_MS: '500', REQUEST_TIMEOUT_MS: '600000' });
    const socket = tls.connect({ port: server.port, host: '127.0.0.1', ca: material.cert, ALPNProtocols: ['http/1.1'] });
    try {
      await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
      let answer = '';
      let closed = false;
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
      socket.on('close', () => (closed = true));
      socket.on('error', () => undefined);
      socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      for (let step = 0; step < TRICKLE_STEPS && !closed && answer === ''; step += 1) {
        socket.write(`X-Slow-${step}: 1\r\n`);
        await sleep(TRICKLE_STEP_MS);
      }
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      socket.destroy();
      await server.close();
    }
  });
});
