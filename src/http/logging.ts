/**
 * Structured logs (JSON lines through pino) with P4 built in: no client address, no file name, no
 * image bytes, no headers. Fastify's own per-request lines are switched off (they carry the
 * client address); one line per answered request is written here instead: request id, method,
 * route, status, duration and sizes. Errors are reduced to type, code, message and stack, so that
 * fields such as an HTTP parser's `rawPacket` (which holds header bytes) never reach the log.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Writable } from 'node:stream';
import type { ErrorCode } from '../errors.js';

type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LogOptions {
  readonly level: LogLevel;
  /** Where lines go; standard output when left out. Tests pass a stream to read every line. */
  readonly stream?: Writable;
}

type SafeError = {
  readonly type: string;
  readonly code?: string;
  readonly message: string;
  readonly stack: string;
  readonly cause?: SafeError;
};

function safeError(value: unknown, depth = 0): SafeError {
  if (!(value instanceof Error)) return { type: typeof value, message: String(value), stack: '' };
  const code = (value as { code?: unknown }).code;
  return {
    type: value.name,
    ...(typeof code === 'string' ? { code } : {}),
    message: value.message,
    stack: value.stack ?? '',
    ...(value.cause !== undefined && depth < 3 ? { cause: safeError(value.cause, depth + 1) } : {}),
  };
}

function safeRequest(request: { method?: string; url?: string }): { method?: string; path?: string } {
  // The path only: a query string is option names and values, but nothing forces it to stay that way.
  return { method: request.method, path: request.url?.split('?')[0] };
}

/**
 * Fields that identify a client or a file, removed at any depth from every log call, whoever makes
 * it: plugins log too (@fastify/multipart, at trace level, logs every request header, including
 * X-Forwarded-For). test/http/log-canary.test.ts catches what this list would miss.
 */
const PERSONAL_FIELDS = new Set(['headers', 'rawheaders', 'remoteaddress', 'remoteport', 'ip', 'ips', 'filename', 'host', 'hostname', 'referer', 'referrer', 'cookie', 'user-agent', 'useragent', 'x-forwarded-for']);

function withoutPersonalFields(value: unknown, depth = 0): unknown {
  if (depth > 6 || typeof value !== 'object' || value === null) return value;
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.map((item) => withoutPersonalFields(item, depth + 1));
  if (value instanceof Error) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!PERSONAL_FIELDS.has(key.toLowerCase())) out[key] = withoutPersonalFields(item, depth + 1);
  }
  return out;
}

/** Options for Fastify's `logger`: pino with serializers that cannot leak addresses or payloads. */
export function loggerOptions(options: LogOptions) {
  return {
    level: options.level,
    ...(options.stream ? { stream: options.stream } : {}),
    formatters: { log: (object: Record<string, unknown>) => withoutPersonalFields(object) as Record<string, unknown> },
    serializers: {
      req: safeRequest,
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
      err: (error: unknown) => safeError(error),
    },
  };
}

/** What a route adds to its request's log line (sizes, formats, the error code). */
const outcomes = new WeakMap<FastifyRequest, Record<string, string | number | boolean>>();

export function noteOutcome(request: FastifyRequest, fields: Record<string, string | number | boolean>): void {
  outcomes.set(request, { ...outcomes.get(request), ...fields });
}

export function noteErrorCode(request: FastifyRequest, code: ErrorCode): void {
  noteOutcome(request, { code });
}

function headerBytes(value: string | string[] | number | undefined): number | undefined {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** One line per answered request. */
export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const requestBytes = headerBytes(request.headers['content-length']);
    const responseBytes = headerBytes(reply.getHeader('content-length'));
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? '(no route)',
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        ...(requestBytes !== undefined ? { requestBytes } : {}),
        ...(responseBytes !== undefined ? { responseBytes } : {}),
        ...outcomes.get(request),
      },
      'request answered',
    );
  });
}
