/** Shared helpers for the HTTP tests: configuration, a listening server, sample images, forms. */
import { expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.js';
import { sharp } from '../../src/pipeline/sharp.js';
import { buildServer, type BuildServerOptions } from '../../src/http/server.js';
import { readCorpus } from '../support/corpus.js';

/** The embedded defaults with some settings overridden, as an operator would set them. */
export function testConfig(env: Record<string, string> = {}): Config {
  // Rate limits and the per-client cap on compressions in progress stay out of the way unless a test is about them.
  return loadConfig({ RATE_LIMIT_MAX: '0', ADMIN_PRIVACY_RATE_LIMIT_MAX: '0', MAX_IN_FLIGHT_PER_CLIENT: '0', LOG_LEVEL: 'silent', ...env });
}

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Builds the server and listens on a free loopback port (a real socket). */
export async function listen(options: Partial<BuildServerOptions> & { env?: Record<string, string> } = {}): Promise<RunningServer> {
  const { env, ...rest } = options;
  const app = await buildServer({ config: testConfig(env), logger: false, ...rest });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  // TLS servers (https, http2 secure) can swap their certificate; plain ones cannot.
  const scheme = 'setSecureContext' in app.server ? 'https' : 'http';
  return { app, port, url: `${scheme}://127.0.0.1:${port}`, close: () => app.close() };
}

/** A writable that keeps every log line, for the P4 log canary. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
    done();
  }
}

let samples: Promise<Record<string, Buffer>> | undefined;

/** One small image per input format, made from a Kodak photo (small, so the tests stay fast). */
export function sampleImages(): Promise<Record<'jpeg' | 'png' | 'webp' | 'avif' | 'gif' | 'tiff', Buffer>> {
  samples ??= (async () => {
    const base = await sharp(readCorpus('kodak', 'kodim05.png')).resize(192).png().toBuffer();
    return {
      png: base,
      jpeg: await sharp(base).jpeg({ quality: 90 }).toBuffer(),
      webp: await sharp(base).webp({ quality: 90 }).toBuffer(),
      avif: await sharp(base).avif({ quality: 70, effort: 0 }).toBuffer(),
      gif: await sharp(base).gif().toBuffer(),
      tiff: await sharp(base).tiff().toBuffer(),
    };
  })();
  return samples as Promise<Record<'jpeg' | 'png' | 'webp' | 'avif' | 'gif' | 'tiff', Buffer>>;
}

/** A multipart form with the image in the `file` part and the options as fields. */
export function form(bytes: Uint8Array, fileName: string, fields: Record<string, string> = {}, type = 'application/octet-stream'): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  body.append('file', new Blob([bytes], { type }), fileName);
  return body;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
}

export async function problemOf(response: Response): Promise<ProblemBody> {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as ProblemBody;
}

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** What fetch accepts as a body (the DOM's BodyInit, which this project's lib settings leave out). */
export type RequestBody = NonNullable<RequestInit['body']>;
