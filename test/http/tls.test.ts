import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTls } from '../../src/http/listener.js';
import { createRedirectServer, redirectTarget } from '../../src/http/redirect.js';
import { ConfigError } from '../../src/config.js';
import { selfSigned } from './self-signed.js';
import { listen, sampleImages, type RunningServer } from './support.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  alpn?: string | false;
}

function httpsRequest(url: string, ca: Buffer, method = 'GET', body?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method, ca, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), alpn: (response.socket as import('node:tls').TLSSocket).alpnProtocol ?? undefined }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

// P12: the server terminates TLS itself with a configured certificate and sends HSTS.
describe('HTTPS', () => {
  let dir: string;
  let material: ReturnType<typeof selfSigned>;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ci-tls-'));
    material = selfSigned(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the certificate and key from TLS_CERT_FILE/TLS_KEY_FILE, and reports unreadable files together', async () => {
    const tls = await loadTls({ tlsCertFile: material.certFile, tlsKeyFile: material.keyFile });
    expect(tls?.cert.equals(material.cert)).toBe(true);
    const failure = await loadTls({ tlsCertFile: path.join(dir, 'missing.pem'), tlsKeyFile: path.join(dir, 'nope.pem') }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).problems.map((p) => p.env)).toEqual(['TLS_CERT_FILE', 'TLS_KEY_FILE']);
  });

  describe('over HTTP/1.1', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await listen({ env: { TLS_CERT_FILE: material.certFile, TLS_KEY_FILE: material.keyFile, HSTS_MAX_AGE_SECONDS: '600' } });
    });
    afterAll(() => server.close());

    it('compresses over HTTPS and sends HSTS with the security headers', async () => {
      expect(server.url).toMatch(/^https:/);
      const answer = await httpsRequest(`${server.url}/api/v1/compress?format=webp`, material.cert, 'POST', (await sampleImages()).png);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('image/webp');
      expect(answer.headers['strict-transport-security']).toBe('max-age=600; includeSubDomains');
      expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
    });

    it('refuses a client that does not trust the certificate (it really is TLS)', async () => {
      await expect(httpsRequest(`${server.url}/healthz`, Buffer.from(''))).rejects.toThrow(/self-signed|certificate/i);
    });
  });

  it('sends no HSTS over plain HTTP', async () => {
    const server = await listen();
    try {
      const response = await fetch(`${server.url}/healthz`);
      expect(response.headers.has('strict-transport-security')).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('speaks HTTP/2 when HTTP2=true, and still HTTP/1.1', async () => {
    const server = await listen({ env: { TLS_CERT_FILE: material.certFile, TLS_KEY_FILE: material.keyFile, HTTP2: 'true' } });
    try {
      const session = http2.connect(server.url, { ca: material.cert });
      const answer = await new Promise<{ status: number; hsts: string | undefined; body: string }>((resolve, reject) => {
        const stream = session.request({ ':path': '/readyz' });
        let status = 0;
        let hsts: string | undefined;
        let body = '';
        stream.on('response', (headers) => {
          status = Number(headers[':status']);
          hsts = headers['strict-transport-security'] as string | undefined;
        });
        stream.on('data', (c: Buffer) => (body += c.toString()));
        stream.on('end', () => resolve({ status, hsts, body }));
        stream.on('error', reject);
      });
      session.close();
      expect(answer.status).toBe(200);
      expect(answer.hsts).toMatch(/^max-age=\d+; includeSubDomains$/);
      expect(JSON.parse(answer.body)).toMatchObject({ status: 'ready' });
      const fallback = await httpsRequest(`${server.url}/healthz`, material.cert);
      expect(fallback.status).toBe(200);
      expect(fallback.alpn).not.toBe('h2');
    } finally {
      await server.close();
    }
  });
});

describe('the plain-HTTP redirect listener', () => {
  it('builds the HTTPS address from the Host header, omitting :443', () => {
    expect(redirectTarget('example.org', '/a?b=1', 443)).toBe('https://example.org/a?b=1');
    expect(redirectTarget('example.org:8080', '/x', 8443)).toBe('https://example.org:8443/x');
    expect(redirectTarget('[::1]:80', '/', 8443)).toBe('https://[::1]:8443/');
    expect(redirectTarget(undefined, '/', 443)).toBeUndefined();
    expect(redirectTarget('evil.org/path@x', '/', 443)).toBeUndefined();
  });

  it('redirects GET with 301 and POST with 308, reading no body', async () => {
    const server = createRedirectServer({ httpsPort: 8443, headersTimeoutMs: 1000, requestTimeoutMs: 2000 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const get = await fetch(`http://127.0.0.1:${port}/some/page?x=1`, { redirect: 'manual' });
      expect(get.status).toBe(301);
      expect(get.headers.get('location')).toBe('https://127.0.0.1:8443/some/page?x=1');
      const post = await fetch(`http://127.0.0.1:${port}/api/v1/compress`, { method: 'POST', body: 'x', redirect: 'manual' });
      expect(post.status).toBe(308);
      expect(post.headers.get('location')).toBe('https://127.0.0.1:8443/api/v1/compress');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
