import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTION_SPECS } from '../../src/pipeline/options.js';
import { listen, sampleImages, type RunningServer } from './support.js';

const SECURITY_HEADERS = ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'permissions-policy'];

function expectSecurityHeaders(response: Response): void {
  for (const name of SECURITY_HEADERS) expect(response.headers.get(name), name).toBeTruthy();
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("img-src 'self' blob: data:");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
}

// P12: security headers on every response, whoever produced it.
describe('security headers', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen();
  });
  afterAll(() => server.close());

  it.each(['/healthz', '/readyz', '/api/openapi.json', '/api/docs', '/api/docs.css', '/', '/api/nothing'])('are on GET %s', async (url) => {
    expectSecurityHeaders(await fetch(`${server.url}${url}`));
  });

  it('are on a compressed image, a refusal and a wrong method', async () => {
    const png = (await sampleImages()).png;
    expectSecurityHeaders(await fetch(`${server.url}/api/v1/compress?format=jpeg`, { method: 'POST', body: png }));
    expectSecurityHeaders(await fetch(`${server.url}/api/v1/compress`, { method: 'POST', body: 'not an image' }));
    expectSecurityHeaders(await fetch(`${server.url}/api/v1/compress`, { method: 'PUT', body: 'x' }));
  });

  it('CORS is off by default: no Access-Control-* for a foreign origin', async () => {
    const response = await fetch(`${server.url}/api/v1/compress`, { method: 'OPTIONS', headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' } });
    expect(response.headers.has('access-control-allow-origin')).toBe(false);
  });
});

describe('CORS with configured origins', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen({ env: { CORS_ORIGINS: 'https://app.example, https://other.example:8443' } });
  });
  afterAll(() => server.close());

  it('answers a preflight from an allowed origin', async () => {
    const response = await fetch(`${server.url}/api/v1/compress`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('exposes the result headers to an allowed origin, and nothing to another', async () => {
    const png = (await sampleImages()).png;
    const allowed = await fetch(`${server.url}/api/v1/compress?format=webp`, { method: 'POST', body: png, headers: { origin: 'https://other.example:8443' } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://other.example:8443');
    const exposed = (allowed.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/,\s*/);
    for (const name of ['content-disposition', 'x-original-size', 'x-compressed-size', 'x-compression-ratio', 'x-image-width', 'x-image-height', 'x-quality', 'retry-after', 'ratelimit', 'ratelimit-policy']) {
      expect(exposed).toContain(name);
    }
    const foreign = await fetch(`${server.url}/api/v1/compress?format=webp`, { method: 'POST', body: png, headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.has('access-control-allow-origin')).toBe(false);
  });

  it('applies to the API only', async () => {
    const response = await fetch(`${server.url}/healthz`, { headers: { origin: 'https://app.example' } });
    expect(response.headers.has('access-control-allow-origin')).toBe(false);
  });
});

describe('OpenAPI and the docs page', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen();
  });
  afterAll(() => server.close());

  it('generates the description from the route schemas, with every pipeline option', async () => {
    const response = await fetch(`${server.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { openapi: string; paths: Record<string, Record<string, { parameters: { name: string; in: string }[]; requestBody: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> }; responses: Record<string, { headers?: Record<string, unknown> }> }>> };
    expect(doc.openapi).toMatch(/^3\./);
    const operation = doc.paths['/api/v1/compress']?.post;
    expect(operation).toBeDefined();
    const queryNames = operation!.parameters.filter((p) => p.in === 'query').map((p) => p.name).sort();
    expect(queryNames).toEqual(OPTION_SPECS.map((s) => s.name).sort());
    expect(Object.keys(operation!.requestBody.content)).toEqual(expect.arrayContaining(['multipart/form-data', 'application/octet-stream', 'image/*']));
    expect(Object.keys(operation!.requestBody.content['multipart/form-data']!.schema.properties ?? {})).toContain('file');
    expect(Object.keys(operation!.responses).sort()).toEqual(['200', '400', '413', '415', '422', '429', '503']);
    expect(Object.keys(operation!.responses['200']!.headers ?? {})).toEqual(expect.arrayContaining(['x-original-size', 'x-compression-ratio', 'x-quality']));
    expect(doc.paths['/healthz']?.get).toBeDefined();
    expect(doc.paths['/readyz']?.get).toBeDefined();
  });

  it('renders a human page without any script or inline style (it obeys the CSP)', async () => {
    const response = await fetch(`${server.url}/api/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('/api/v1/compress');
    expect(html).toContain('maxWidth');
    expect(html).not.toMatch(/<script|<style|\sstyle=|\son\w+=/i);
    expect(html).toContain('<link rel="stylesheet" href="/api/docs.css">');
    const css = await fetch(`${server.url}/api/docs.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });
});

describe('the web app', () => {
  let root: string;
  let server: RunningServer;
  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'ci-webroot-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>app shell</title><script type="module" src="/assets/app-1234.js"></script>');
    writeFileSync(path.join(root, 'assets', 'app-1234.js'), 'console.log(1)');
    server = await listen({ webRoot: root });
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html at / and for unknown app paths, hashed assets for a year', async () => {
    for (const url of ['/', '/some/deep/link']) {
      const response = await fetch(`${server.url}${url}`);
      expect(response.status, url).toBe(200);
      expect(await response.text()).toContain('app shell');
    }
    const asset = await fetch(`${server.url}/assets/app-1234.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('keeps real 404s for the API, the operator and privacy pages, and missing assets', async () => {
    for (const url of ['/api/v2/whatever', '/admin/stats', '/admin', '/privacy', '/privacy/x', '/healthz/x', '/assets/missing-99.js']) {
      const response = await fetch(`${server.url}${url}`);
      expect(response.status, url).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });

  it('says the app is not built when web/dist is missing, and the API still works', async () => {
    const bare = await listen({ webRoot: path.join(root, 'does-not-exist') });
    try {
      const response = await fetch(`${bare.url}/`);
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/not been built/);
      expect((await fetch(`${bare.url}/some/link`)).status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
