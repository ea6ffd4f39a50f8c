/**
 * The slow-client protections for HTTP/2. Node applies headersTimeout and requestTimeout to
 * HTTP/1.1 only: an HTTP/2 stream has no deadline of its own, and by default a connection takes
 * as many concurrent streams as the client opens. So the listener adds:
 *
 * - at most HTTP2_MAX_CONCURRENT_STREAMS streams per connection, announced in SETTINGS (a client
 *   that opens more anyway breaks the protocol, and Node ends its connection);
 * - a deadline per stream: its whole request (headers and body, up to END_STREAM) must have
 *   arrived within REQUEST_TIMEOUT_MS of its headers, or it is answered 408 and reset (only reset
 *   when an answer has already begun), as an HTTP/1.1 request gets 408 and its connection closed;
 * - a deadline for connections with no stream open: closed after HEADERS_TIMEOUT_MS when new
 *   (the first request's headers must have arrived by then) and after KEEP_ALIVE_TIMEOUT_MS once
 *   their last stream has ended. A stream exists only once its headers are complete, so this also
 *   ends a client that trickles a HEADERS frame forever.
 *
 * Not limited here: a response the client reads slowly (as for HTTP/1.1), and headers trickled
 * while another stream of the same connection is still open (Node shows no stream before its
 * headers are complete); that connection ends KEEP_ALIVE_TIMEOUT_MS after its last open stream.
 */
import http2 from 'node:http2';
import type { Config } from '../config.js';

/** Streams one HTTP/2 connection may have open at once (the value most servers and browsers use). */
export const HTTP2_MAX_CONCURRENT_STREAMS = 100;

type GuardConfig = Pick<Config, 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs'>;

const { NGHTTP2_CANCEL } = http2.constants;

/**
 * Ends a stream whose request did not fully arrive in time: a 408 status if nothing was answered
 * yet, then RST_STREAM CANCEL. The reset comes before the answer is complete on purpose: only then
 * does Node mark the request aborted, which keeps the cut-off body from its route
 * (aborted-request.ts).
 */
function expireStream(stream: http2.ServerHttp2Stream): void {
  if (stream.destroyed || stream.closed || stream.state.remoteClose === 1) return;
  if (!stream.headersSent) stream.respond({ ':status': 408 });
  stream.close(NGHTTP2_CANCEL);
}

/** Gives one session's streams their deadline, and the session an idle deadline while it has none. */
function guardSession(session: http2.ServerHttp2Session, config: GuardConfig): void {
  let open = 0;
  let idle: NodeJS.Timeout | undefined;
  const closeIdle = (): void => {
    session.close();
    // close() lets the client finish what it has begun, and Node counts a HEADERS frame still
    // arriving as begun: one more HEADERS_TIMEOUT_MS, then the socket goes, unless a stream opened.
    setTimeout(() => open === 0 && session.destroy(), config.headersTimeoutMs).unref();
  };
  const armIdle = (ms: number): void => {
    idle = setTimeout(closeIdle, ms).unref();
  };
  armIdle(config.headersTimeoutMs);
  // A session with nothing happening at all for REQUEST_TIMEOUT_MS is closed, as before.
  session.setTimeout(config.requestTimeoutMs, () => session.close());
  session.on('stream', (stream) => {
    open += 1;
    clearTimeout(idle);
    const deadline = setTimeout(() => expireStream(stream), config.requestTimeoutMs).unref();
    stream.once('close', () => {
      clearTimeout(deadline);
      open -= 1;
      if (open === 0 && !session.closed && !session.destroyed) armIdle(config.keepAliveTimeoutMs);
    });
  });
  session.once('close', () => clearTimeout(idle));
}

/**
 * Applies the deadlines to every session of `server`; returns the function Fastify calls on
 * close (sessions take no new streams and end once theirs are answered).
 */
export function guardHttp2(server: http2.Http2SecureServer, config: GuardConfig): () => void {
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
    guardSession(session, config);
  });
  return () => sessions.forEach((session) => session.close());
}
