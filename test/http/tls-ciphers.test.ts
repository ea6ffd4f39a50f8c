// Issue 15, item 11: when the server terminates TLS it offers TLS 1.2 and 1.3 only, and in TLS 1.2
// only forward-secret AEAD suites (Mozilla's intermediate profile), unless TLS_CIPHERS says otherwise.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import tls from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { selfSigned, type SelfSigned } from './self-signed.js';
import { listen, type RunningServer } from './support.js';

interface Handshake {
  readonly ok: boolean;
  readonly protocol?: string | null;
  readonly cipher?: string;
  readonly error?: string;
}

/** One real handshake from node:tls, offering only the given suite and protocol version. */
function handshake(port: number, ca: Buffer, options: { ciphers?: string; version: tls.SecureVersion; minVersion?: tls.SecureVersion }): Promise<Handshake> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      port,
      host: '127.0.0.1',
      ca,
      minVersion: options.minVersion ?? options.version,
      maxVersion: options.version,
      ...(options.ciphers ? { ciphers: options.ciphers } : {}),
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error('handshake timed out')));
    socket.once('secureConnect', () => {
      resolve({ ok: true, protocol: socket.getProtocol(), cipher: socket.getCipher().name });
      socket.destroy();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, error: error.code ?? error.message }));
  });
}

describe.each([{ http2: 'false' }, { http2: 'true' }])('TLS offered by the server (HTTP2=$http2)', ({ http2 }) => {
  let dir: string;
  let ec: SelfSigned;
  let rsa: SelfSigned;
  let ecServer: RunningServer;
  let rsaServer: RunningServer;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ci-tls-ciphers-'));
    ec = selfSigned(dir, 'ec');
    rsa = selfSigned(dir, 'rsa');
    ecServer = await listen({ env: { TLS_CERT_FILE: ec.certFile, TLS_KEY_FILE: ec.keyFile, HTTP2: http2 } });
    rsaServer = await listen({ env: { TLS_CERT_FILE: rsa.certFile, TLS_KEY_FILE: rsa.keyFile, HTTP2: http2 } });
  });
  afterAll(async () => {
    await ecServer.close();
    await rsaServer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts TLS 1.2 clients offering a forward-secret AEAD suite (ECDSA and RSA certificates)', async () => {
    expect(await handshake(ecServer.port, ec.cert, { version: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' })).toMatchObject({ ok: true, protocol: 'TLSv1.2', cipher: 'ECDHE-ECDSA-AES128-GCM-SHA256' });
    expect(await handshake(rsaServer.port, rsa.cert, { version: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' })).toMatchObject({ ok: true, protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' });
    expect(await handshake(rsaServer.port, rsa.cert, { version: 'TLSv1.2', ciphers: 'ECDHE-RSA-CHACHA20-POLY1305' })).toMatchObject({ ok: true });
  });

  it('refuses TLS 1.2 clients offering only CBC suites or only RSA key exchange', async () => {
    for (const ciphers of ['ECDHE-ECDSA-AES128-SHA', 'ECDHE-ECDSA-AES128-SHA256', 'ECDHE-ECDSA-AES256-SHA384']) {
      expect(await handshake(ecServer.port, ec.cert, { version: 'TLSv1.2', ciphers }), ciphers).toMatchObject({ ok: false });
    }
    for (const ciphers of ['ECDHE-RSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA256', 'AES128-GCM-SHA256', 'AES256-SHA']) {
      expect(await handshake(rsaServer.port, rsa.cert, { version: 'TLSv1.2', ciphers }), ciphers).toMatchObject({ ok: false });
    }
  });

  it('speaks TLS 1.3 and refuses TLS 1.1 and 1.0', async () => {
    expect(await handshake(ecServer.port, ec.cert, { version: 'TLSv1.3' })).toMatchObject({ ok: true, protocol: 'TLSv1.3' });
    // The client lowers its own OpenSSL security level so that it really offers the old versions.
    for (const version of ['TLSv1.1', 'TLSv1'] as const) {
      const answer = await handshake(rsaServer.port, rsa.cert, { version, minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });
      expect(answer, version).toMatchObject({ ok: false });
      expect(answer.error, version).toMatch(/PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL/);
    }
  });
});

describe.each([{ http2: 'false' }, { http2: 'true' }])('the TLS handshake (HTTP2=$http2)', ({ http2 }) => {
  it('closes a connection that does not finish its handshake within HEADERS_TIMEOUT_MS, however steadily it trickles', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ci-tls-handshake-'));
    const ec = selfSigned(dir, 'ec');
    // REQUEST_TIMEOUT_MS is long: only a handshake deadline can end this connection in time.
    const server = await listen({ env: { TLS_CERT_FILE: ec.certFile, TLS_KEY_FILE: ec.keyFile, HTTP2: http2, HEADERS_TIMEOUT_MS: '500', REQUEST_TIMEOUT_MS: '600000' } });
    const socket = net.connect(server.port, '127.0.0.1');
    try {
      let closed = false;
      socket.on('close', () => (closed = true));
      socket.on('error', () => undefined);
      // A TLS record of 512 bytes holding a 508-byte ClientHello, whose bytes then come one at a
      // time (the record is read whole before any of it is parsed).
      socket.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc]));
      let sent = 0;
      for (; sent < 150 && !closed; sent += 1) {
        socket.write(Buffer.from([0x00]));
        await sleep(100);
      }
      expect(closed, `still open after ${sent} handshake bytes`).toBe(true);
    } finally {
      socket.destroy();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('TLS_CIPHERS', () => {
  it('defaults to the intermediate profile and takes an operator\'s list', () => {
    expect(loadConfig({}).tlsCiphers.split(':')).toContain('ECDHE-ECDSA-AES128-GCM-SHA256');
    expect(loadConfig({}).tlsCiphers).not.toMatch(/-SHA(:|$)|CBC/);
    expect(loadConfig({ TLS_CIPHERS: 'ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256' }).tlsCiphers).toBe('ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256');
  });

  it('reports a list OpenSSL cannot use at start, with the other settings', () => {
    const failure = (() => {
      try {
        return loadConfig({ TLS_CIPHERS: 'NOT-A-CIPHER' });
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).message).toMatch(/expected an OpenSSL cipher list .* for TLS_CIPHERS, got "NOT-A-CIPHER"/);
  });

  it('lets an operator who needs it offer a CBC suite again', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ci-tls-ciphers-'));
    const rsa = selfSigned(dir, 'rsa');
    const server = await listen({ env: { TLS_CERT_FILE: rsa.certFile, TLS_KEY_FILE: rsa.keyFile, TLS_CIPHERS: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA' } });
    try {
      expect(await handshake(server.port, rsa.cert, { version: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-SHA' })).toMatchObject({ ok: true, cipher: 'ECDHE-RSA-AES128-SHA' });
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
