import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from './support.js';

interface RawExchange {
  /** Bytes of the request body written before the answer arrived. */
  readonly bodyBytesWritten: number;
  readonly head: string;
  readonly body: string;
  /** True when the server closed the connection after answering. */
  readonly closed: boolean;
}

/**
 * Writes a request head, then body chunks of `chunkBytes` until the server answers or `maxBytes`
 * were written, pausing between chunks so the answer has time to arrive. Returns what was written
 * by the time the status line came back.
 */
function sendUntilAnswered(port: number, head: string, options: { chunkBytes: number; maxBytes: number; chunked?: boolean }): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let written = 0;
    let writtenAtAnswer: number | undefined;
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer after ${written} bytes`));
    }, 10_000);
    const finish = (closed: boolean) => {
      clearTimeout(deadline);
      clearTimeout(timer);
      const [h = '', b = ''] = received.split('\r\n\r\n');
      resolve({ bodyBytesWritten: writtenAtAnswer ?? written, head: h, body: b, closed });
    };
    const chunk = Buffer.alloc(options.chunkBytes, 0x41);
    const pump = () => {
      if (writtenAtAnswer !== undefined || socket.destroyed) return;
      if (written >= options.maxBytes) return;
      const frame = options.chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
      socket.write(frame, () => {
        written += chunk.length;
        timer = setTimeout(pump, 5);
      });
    };
    socket.on('connect', () => {
      socket.write(head);
      pump();
    });
    socket.on('data', (data) => {
      writtenAtAnswer ??= written;
      received += data.toString('latin1');
    });
    socket.on('error', () => {
      // A reset after the answer is what closing on the client does; only an unanswered error counts.
      if (writtenAtAnswer === undefined) reject(new Error('connection failed before an answer'));
    });
    socket.on('close', () => finish(true));
    socket.on('end', () => socket.end());
  });
}

// The issue: 413 "sent as soon as the limit is crossed, without reading the rest of the body".
describe('the early 413', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen({ env: { MAX_INPUT_BYTES: '1mb' } });
  });
  afterAll(() => server.close());

  it('answers a huge declared Content-Length at once, before the body is sent, and closes', async () => {
    const head = `POST /api/v1/compress HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/jpeg\r\nContent-Length: ${8 * 1024 ** 3}\r\n\r\n`;
    const exchange = await sendUntilAnswered(server.port, head, { chunkBytes: 16 * 1024, maxBytes: 64 * 1024 ** 2 });
    expect(exchange.head).toMatch(/^HTTP\/1\.1 413 /);
    expect(exchange.head.toLowerCase()).toContain('connection: close');
    expect(JSON.parse(exchange.body)).toMatchObject({ code: 'FILE_TOO_LARGE', status: 413 });
    // The answer came while at most a sliver of the declared 8 GB had been offered.
    expect(exchange.bodyBytesWritten).toBeLessThan(4 * 1024 ** 2);
    expect(exchange.closed).toBe(true);
  });

  it('lets an ordinary client that is still uploading read the answer (no connection reset)', async () => {
    const statuses = [];
    for (const size of [3, 24]) {
      const response = await fetch(`${server.url}/api/v1/compress`, { method: 'POST', body: new Uint8Array(size * 1024 ** 2), headers: { 'content-type': 'image/png' } });
      statuses.push(response.status);
      expect((await response.json()) as unknown).toMatchObject({ code: 'FILE_TOO_LARGE' });
    }
    expect(statuses).toEqual([413, 413]);
  });

  it('does the same for a multipart upload whose declared size is over the limit', async () => {
    const head = `POST /api/v1/compress HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=xyz\r\nContent-Length: ${2 * 1024 ** 3}\r\n\r\n`;
    const exchange = await sendUntilAnswered(server.port, head, { chunkBytes: 16 * 1024, maxBytes: 64 * 1024 ** 2 });
    expect(exchange.head).toMatch(/^HTTP\/1\.1 413 /);
    expect(exchange.bodyBytesWritten).toBeLessThan(4 * 1024 ** 2);
  });

  it('cuts off a chunked body (no declared length) as soon as it passes the limit', async () => {
    const head = `POST /api/v1/compress HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const exchange = await sendUntilAnswered(server.port, head, { chunkBytes: 64 * 1024, maxBytes: 64 * 1024 ** 2, chunked: true });
    expect(exchange.head).toMatch(/^HTTP\/1\.1 413 /);
    expect(JSON.parse(exchange.body.replace(/^[0-9a-f]+\r\n/, '').replace(/\r\n0\r\n$/, ''))).toMatchObject({ code: 'FILE_TOO_LARGE' });
    // Answered just past the 1 MB limit, far before the 64 MB the client was ready to send.
    expect(exchange.bodyBytesWritten).toBeGreaterThan(1024 ** 2);
    expect(exchange.bodyBytesWritten).toBeLessThan(8 * 1024 ** 2);
    expect(exchange.closed).toBe(true);
  });

  it('cuts off a chunked multipart file part as soon as it passes the limit', async () => {
    const boundary = 'b0undary';
    const partHead = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n`;
    const head = `POST /api/v1/compress HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nTransfer-Encoding: chunked\r\n\r\n${Buffer.byteLength(partHead).toString(16)}\r\n${partHead}\r\n`;
    const exchange = await sendUntilAnswered(server.port, head, { chunkBytes: 64 * 1024, maxBytes: 64 * 1024 ** 2, chunked: true });
    expect(exchange.head).toMatch(/^HTTP\/1\.1 413 /);
    expect(exchange.bodyBytesWritten).toBeLessThan(8 * 1024 ** 2);
  });
});

// Issue 15: the early 413 used to run before the rate limit, so oversized requests were never counted.
describe('the early 413 and the rate limit', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen({ env: { MAX_INPUT_BYTES: '1mb', RATE_LIMIT_MAX: '2', RATE_LIMIT_WINDOW_SECONDS: '60', RATE_LIMIT_BURST: '2' } });
  });
  afterAll(() => server.close());

  it('counts an oversized request against its client, and refuses it with 429 once the limit is used up', async () => {
    const head = `POST /api/v1/compress HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/jpeg\r\nContent-Length: ${8 * 1024 ** 3}\r\n\r\n`;
    const statuses: string[] = [];
    for (let i = 0; i < 3; i++) {
      const exchange = await sendUntilAnswered(server.port, head, { chunkBytes: 16 * 1024, maxBytes: 1024 ** 2 });
      statuses.push(exchange.head.split(' ')[1] ?? '');
      if (i === 2) expect(JSON.parse(exchange.body)).toMatchObject({ code: 'RATE_LIMITED' });
    }
    expect(statuses).toEqual(['413', '413', '429']);
  });
});
