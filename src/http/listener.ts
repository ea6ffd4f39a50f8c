/**
 * The Node server under Fastify: plain HTTP, HTTPS, or HTTPS with HTTP/2, with the slow-client
 * protections — headers and whole requests must arrive in time (HEADERS_TIMEOUT_MS,
 * REQUEST_TIMEOUT_MS), idle keep-alive connections are closed (KEEP_ALIVE_TIMEOUT_MS); for
 * HTTP/2 streams the same deadlines and a cap on streams come from http2-guard.ts.
 */
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import { readFile } from 'node:fs/promises';
import { ConfigError, type Config, type ConfigProblem } from '../config.js';
import { guardHttp2, HTTP2_MAX_CONCURRENT_STREAMS } from './http2-guard.js';

export interface TlsMaterial {
  readonly cert: Buffer;
  readonly key: Buffer;
}

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

/** Reads TLS_CERT_FILE and TLS_KEY_FILE; every unreadable file is reported, together. */
export async function loadTls(config: Pick<Config, 'tlsCertFile' | 'tlsKeyFile'>): Promise<TlsMaterial | undefined> {
  if (config.tlsCertFile === '' || config.tlsKeyFile === '') return undefined;
  // Both files are read at once; their problems are reported in the settings' order, not in the
  // order the reads happened to fail.
  const read = async (env: string, file: string): Promise<Buffer | ConfigProblem> => {
    try {
      return await readFile(file);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      return { env, message: `expected a readable PEM file for ${env}, got ${JSON.stringify(file)} (${reason})` };
    }
  };
  const [cert, key] = await Promise.all([read('TLS_CERT_FILE', config.tlsCertFile), read('TLS_KEY_FILE', config.tlsKeyFile)]);
  if (!Buffer.isBuffer(cert) || !Buffer.isBuffer(key)) throw new ConfigError([cert, key].filter((r): r is ConfigProblem => !Buffer.isBuffer(r)));
  return { cert, key };
}

type ListenerConfig = Pick<Config, 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs' | 'http2' | 'tlsCiphers'>;

/**
 * What the TLS listener offers: TLS 1.2 and 1.3 only (set here, not left to Node's default, so a
 * runtime change cannot widen it), and in TLS 1.2 only TLS_CIPHERS (by default forward-secret
 * AEAD suites; Node's own default also has CBC and plain-RSA suites). The handshake must be over
 * within HEADERS_TIMEOUT_MS: the header deadline only starts after it, and Node's own handshake
 * limit (2 minutes) would let a client that never finishes it hold a connection that long.
 */
function tlsOptions(config: ListenerConfig, tls: TlsMaterial) {
  return { cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2', ciphers: config.tlsCiphers, handshakeTimeout: config.headersTimeoutMs } as const;
}

function timeouts(config: ListenerConfig) {
  return {
    headersTimeout: config.headersTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    // Node checks the two timeouts above on this interval (30 s by default): too coarse for short ones.
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(Math.min(config.headersTimeoutMs, config.requestTimeoutMs) / 4))),
  };
}

/** A Fastify `serverFactory` for the configured protocol. */
export function serverFactory(config: ListenerConfig, tls: TlsMaterial | undefined) {
  return (handler: Handler): http.Server => {
    if (!tls) return http.createServer(timeouts(config), handler);
    if (!config.http2) return https.createServer({ ...timeouts(config), ...tlsOptions(config, tls) }, handler);
    const server = http2.createSecureServer(
      { ...tlsOptions(config, tls), allowHTTP1: true, settings: { maxConcurrentStreams: HTTP2_MAX_CONCURRENT_STREAMS } },
      handler as unknown as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void,
    );
    // HTTP/1.1 clients of this server get the same timeouts as on the plain HTTPS server (Node's
    // own defaults here are 60 s and 5 min); HTTP/2 streams get theirs from guardHttp2.
    Object.assign(server, timeouts(config));
    const closeSessions = guardHttp2(server, config);
    // A socket that goes quiet for REQUEST_TIMEOUT_MS is closed, whatever it was doing.
    server.setTimeout(config.requestTimeoutMs);
    // Called by Fastify on close: sessions take no new streams and end once theirs are answered.
    Object.assign(server, { closeHttp2Sessions: closeSessions });
    // Fastify is typed against the HTTP/1 server; at run time it handles both.
    return server as unknown as http.Server;
  };
}
