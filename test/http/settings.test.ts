import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { contentDisposition, downloadStem } from '../../src/http/download-name.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.message);
    throw error;
  }
  return [];
}

describe('HTTP settings', () => {
  it('reads TRUST_PROXY as off, on, a hop count or proxy addresses', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    // One proxy in front is one hop, not "trust every hop" (issue 15).
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,loopback' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', 'loopback']);
    expect(problems({ TRUST_PROXY: 'my proxy' })[0]).toMatch(/^expected true, false, a hop count.* for TRUST_PROXY, got "my proxy"$/);
    expect(loadConfig({ TRUST_PROXY: '::1, fd00::/8, 192.168.0.0/16' }).trustProxy).toEqual(['::1', 'fd00::/8', '192.168.0.0/16']);
    // What proxy-addr would refuse with a TypeError at start is a configuration problem instead.
    for (const value of ['0.0.0.0/0', '::/0', '10.0.0.0/33', 'fd00::/129', '999.1.1.1', '10.0.0.0/8/8', '1.2.3']) {
      expect(problems({ TRUST_PROXY: value }), value).toHaveLength(1);
    }
  });

  it('reads CORS_ORIGINS as a list of exact origins, or *', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, http://localhost:5173/' }).corsOrigins).toEqual(['https://a.example', 'http://localhost:5173']);
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
    expect(problems({ CORS_ORIGINS: 'a.example' })).toHaveLength(1);
  });

  it('checks the settings that go together, with the others, all at once', () => {
    expect(problems({ TLS_KEY_FILE: '/k.pem', HTTP_REDIRECT_PORT: '80', REDIS_URL: 'localhost:6379' })).toEqual([
      'expected a redis:// or rediss:// URL for REDIS_URL, got "localhost:6379"',
      'expected both TLS_CERT_FILE and TLS_KEY_FILE, or neither',
      'expected TLS_CERT_FILE and TLS_KEY_FILE with HTTP_REDIRECT_PORT (it redirects to HTTPS)',
    ]);
    expect(problems({ TLS_CERT_FILE: '/c.pem', TLS_KEY_FILE: '/k.pem', HTTP_REDIRECT_PORT: '8443', PORT: '8443' })).toEqual(['expected HTTP_REDIRECT_PORT to differ from PORT']);
  });
});

describe('download names', () => {
  it.each([
    [undefined, 'image'],
    ['photo.PNG', 'photo'],
    ['archive.tar.gz', 'archive.tar'],
    ['.hidden', '.hidden'],
    ['C:\\Users\\me\\My Pictures\\cat.jpeg', 'cat'],
    ['../../etc/passwd', 'passwd'],
    ['line\nbreak.png', 'linebreak'],
    ['..', 'image'],
    ['', 'image'],
  ])('%j → %j', (name, stem) => {
    expect(downloadStem(name)).toBe(stem);
  });

  it('keeps header values safe: quotes and non-ASCII only in the encoded form', () => {
    const header = contentDisposition('日本 "x".png', 'webp');
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
    expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toBe('日本 "x".webp');
  });
});
