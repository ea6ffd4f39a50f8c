/**
 * P5 (nothing kept): once the response is sent, the image cannot be retrieved from the server
 * again. Two ways it could be: a route that hands it out a second time (a result store, a download
 * link), or a copy the process still holds (a cache, a list of recent uploads, a record that keeps
 * the bytes) that a later feature or a memory dump could read. Both are checked: every route the
 * API documents, and the real server process's heap after it answered.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharp } from '../../src/pipeline/sharp.js';
import { readCorpus } from '../support/corpus.js';
import { listeningPort, startServerProcess } from './process.js';
import { form, listen, type RunningServer } from './support.js';

/**
 * An upload whose bytes hold the photo's pixels as they are (PNG without compression) at an odd
 * size: its length is distinctive, and a copy of it anywhere is a copy of the picture.
 */
async function distinctivePng(width: number, height: number): Promise<Buffer> {
  return sharp(readCorpus('kodak', 'kodim05.png')).resize(width, height, { fit: 'fill' }).png({ compressionLevel: 0, adaptiveFiltering: false }).toBuffer();
}

/** Whether `haystack` holds a 256-byte stretch from the middle of `bytes` (a copy, whole or in part). */
function holdsPartOf(haystack: Buffer, bytes: Buffer): boolean {
  const middle = Math.floor(bytes.length / 2);
  return haystack.includes(bytes.subarray(middle, middle + 256));
}

describe('P5: once the response is sent the image cannot be retrieved', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen();
  });
  afterAll(() => server.close());

  it('no route of the API hands the upload or the result out again', async () => {
    const upload = await distinctivePng(211, 149);
    const fileName = 'p5-canary-4471.png';
    const raw = await fetch(`${server.url}/api/v1/compress?format=webp`, { method: 'POST', body: upload });
    const multipart = await fetch(`${server.url}/api/v1/compress`, { method: 'POST', body: form(upload, fileName, { format: 'webp' }) });
    expect([raw.status, multipart.status]).toEqual([200, 200]);
    const results = [Buffer.from(await raw.arrayBuffer()), Buffer.from(await multipart.arrayBuffer())];
    // Nothing in the answer names a place to fetch it from later, and no shared cache may keep it.
    for (const response of [raw, multipart]) {
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('cache-control')).toBe('no-store');
    }

    // Everything that could serve as a key for a stored copy: the names, and every header value.
    const keys = new Set([fileName, 'p5-canary-4471', 'p5-canary-4471.webp']);
    for (const response of [raw, multipart]) for (const [, value] of response.headers) for (const token of value.split(/[\s;,="]+/)) if (token.length >= 6) keys.add(token);

    // Every documented route (parameters filled with each key), and the usual places for results.
    const spec = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    const templates = [...Object.keys(spec.paths), '/api/v1/compress/{id}', '/api/v1/results/{id}', '/api/v1/download/{id}', '/api/v1/images/{id}', '/uploads/{id}', '/results/{id}', '/download/{id}', '/{id}'];
    expect(templates).toContain('/api/v1/compress');
    const urls = new Set<string>();
    for (const template of templates) {
      for (const key of keys) {
        const filled = template.replace(/\{[^}]+\}/g, encodeURIComponent(key));
        urls.add(filled);
        urls.add(`${filled}?id=${encodeURIComponent(key)}`);
      }
    }
    const handedOut: string[] = [];
    for (const url of urls) {
      for (const method of ['GET', 'POST']) {
        const response = await fetch(`${server.url}${url}`, { method });
        const body = Buffer.from(await response.arrayBuffer());
        if (holdsPartOf(body, upload) || results.some((result) => holdsPartOf(body, result))) handedOut.push(`${method} ${url}`);
      }
    }
    expect(urls.size).toBeGreaterThan(50);
    expect(handedOut).toEqual([]);
  });
});

describe('P5: the server process keeps no copy once it has answered', () => {
  let diagnostics: string;
  beforeAll(() => {
    diagnostics = mkdtempSync(path.join(os.tmpdir(), 'p5-heap-'));
  });
  afterAll(() => rmSync(diagnostics, { recursive: true, force: true }));

  it('holds neither the uploads nor the results in memory after the responses (heap snapshot of the real server)', async () => {
    // The real entry point, with statistics on (their records are made from each compression), and
    // a heap snapshot on SIGUSR2. V8 collects garbage before it takes one: what it shows is held.
    const server = startServerProcess({ HOST: '127.0.0.1', PORT: '0', RATE_LIMIT_MAX: '0', STATS_DB_PATH: path.join(diagnostics, 'stats.sqlite'), STATS_GEOIP: 'false' }, [
      '--heapsnapshot-signal=SIGUSR2',
      `--diagnostic-dir=${diagnostics}`,
      '--import',
      'tsx',
      'src/app/main.ts',
    ]);
    try {
      const port = await listeningPort(server);
      const base = `http://127.0.0.1:${port}`;
      // One upload as a raw body and one as a form, each a different size; the results too.
      const rawUpload = await distinctivePng(233, 157);
      const formUpload = await distinctivePng(229, 163);
      const raw = await fetch(`${base}/api/v1/compress?format=webp`, { method: 'POST', body: rawUpload });
      const multipart = await fetch(`${base}/api/v1/compress`, { method: 'POST', body: form(formUpload, 'p5-heap.png', { format: 'jpeg' }) });
      expect([raw.status, multipart.status]).toEqual([200, 200]);
      const sizes = new Map([
        [rawUpload.length, 'the raw upload'],
        [formUpload.length, 'the form upload'],
        [(await raw.arrayBuffer()).byteLength, 'the WebP result'],
        [(await multipart.arrayBuffer()).byteLength, 'the JPEG result'],
      ]);
      expect(sizes.size).toBe(4);

      server.child.kill('SIGUSR2');
      const snapshot = await snapshotFile(diagnostics, base);
      const blocks = byteBlocks(JSON.parse(readFileSync(snapshot, 'utf8')) as HeapSnapshot);
      // The snapshot is read right: the process holds byte blocks (its own code, the web page's files).
      expect(blocks.length).toBeGreaterThan(10);
      expect(blocks.filter((size) => sizes.has(size)).map((size) => sizes.get(size))).toEqual([]);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 120_000);
});

/**
 * The snapshot's file, once it is complete. V8 writes it on the main thread, which answers nothing
 * meanwhile: a request answered after the file appeared means the writing has finished.
 */
async function snapshotFile(dir: string, base: string): Promise<string> {
  for (;;) {
    const found = readdirSync(dir).find((name) => name.endsWith('.heapsnapshot'));
    await fetch(`${base}/healthz`);
    if (found) return path.join(dir, found);
  }
}

interface HeapSnapshot {
  readonly snapshot: { readonly meta: { readonly node_fields: readonly string[]; readonly node_types: readonly [readonly string[], ...unknown[]] } };
  readonly nodes: readonly number[];
  readonly strings: readonly string[];
}

/**
 * The sizes of the byte blocks still reachable in the snapshot. Every ArrayBuffer's (and so every
 * Buffer's) memory shows as a "system / JSArrayBufferData" node of its length.
 */
function byteBlocks(heap: HeapSnapshot): number[] {
  const fields = heap.snapshot.meta.node_fields;
  const stride = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const sizes: number[] = [];
  for (let i = 0; i < heap.nodes.length; i += stride) {
    if (heap.snapshot.meta.node_types[0][heap.nodes[i + typeAt]!] !== 'native') continue;
    if (heap.strings[heap.nodes[i + nameAt]!] !== 'system / JSArrayBufferData') continue;
    sizes.push(heap.nodes[i + sizeAt]!);
  }
  return sizes;
}
