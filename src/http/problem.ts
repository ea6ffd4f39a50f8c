/**
 * Errors as `application/problem+json` (RFC 9457). Whatever was thrown — a CompressorError from
 * the pipeline, one of Fastify's own errors, a multipart parser error, a bug — leaves here as a
 * stable code, the right status and a human sentence; internal causes and stacks only reach the log.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { CompressorError, ERROR_CATALOG, isCompressorError, type ErrorCode } from '../errors.js';
import { tooLarge } from './too-large.js';
import { closeAfterAnswer } from './lingering-close.js';
import { noteErrorCode } from './logging.js';

const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ErrorCode;
  readonly requestId: string;
  readonly [extension: string]: unknown;
}

/** Members RFC 9457 (and this product) define; a detail never overwrites them. */
const RESERVED = new Set(['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId']);

function problemType(code: ErrorCode): string {
  return `urn:compressorimage:error:${code}`;
}

function toProblem(error: CompressorError, requestId: string): Problem {
  const extensions = Object.fromEntries(Object.entries(error.details).filter(([key]) => !RESERVED.has(key)));
  return {
    type: problemType(error.code),
    title: ERROR_CATALOG[error.code].message,
    status: error.status,
    detail: error.message,
    code: error.code,
    requestId,
    ...extensions,
  };
}

function isFastifyError(value: unknown): value is FastifyError {
  return value instanceof Error && typeof (value as Partial<FastifyError>).code === 'string';
}

/**
 * Fastify's and @fastify/multipart's errors, by code, in the product's terms. Their messages are
 * not shown: they can name internals. Validation messages from extension routes are public.
 */
function fromFramework(error: FastifyError): CompressorError {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return new CompressorError('FILE_TOO_LARGE', { cause: error });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new CompressorError('UNSUPPORTED_FORMAT', {
        cause: error,
        message: 'Send the image as the request body (any image/* type or application/octet-stream) or as multipart/form-data with one "file" part.',
      });
    case 'FST_FILES_LIMIT':
      return new CompressorError('BAD_REQUEST', { cause: error, message: 'Send exactly one file per request, in the "file" part.' });
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new CompressorError('BAD_REQUEST', { cause: error, message: 'The form has too many fields.' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new CompressorError('BAD_REQUEST', { cause: error, message: 'The request body is not valid JSON.' });
    case 'FST_ERR_VALIDATION':
      return new CompressorError('BAD_REQUEST', { cause: error, message: `The request is invalid: ${error.message}.` });
    default:
      break;
  }
  const status = error.statusCode ?? 500;
  if (status === 404) return new CompressorError('NOT_FOUND', { cause: error });
  if (status === 405) return new CompressorError('METHOD_NOT_ALLOWED', { cause: error });
  if (status === 413) return new CompressorError('FILE_TOO_LARGE', { cause: error });
  if (status === 415) return new CompressorError('UNSUPPORTED_FORMAT', { cause: error });
  if (status === 408) return new CompressorError('TIMEOUT', { cause: error, message: 'The request took too long to arrive.' });
  if (status === 429) return new CompressorError('RATE_LIMITED', { cause: error });
  if (status === 503) return new CompressorError('OVERLOADED', { cause: error });
  if (status >= 400 && status < 500) return new CompressorError('BAD_REQUEST', { cause: error });
  return new CompressorError('INTERNAL', { cause: error });
}

function toCompressorErrorFromAny(error: unknown): CompressorError {
  if (isCompressorError(error)) return error;
  if (isFastifyError(error)) return fromFramework(error);
  return new CompressorError('INTERNAL', { cause: error });
}

export interface ProblemOptions {
  readonly maxInputBytes: number;
  /** Retry-After for OVERLOADED and TIMEOUT. */
  readonly retryAfterSeconds: number;
}

/** Codes after which the same request may well succeed a little later. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['OVERLOADED', 'TIMEOUT']);

/**
 * Makes the function that answers every error as problem+json. Only INTERNAL errors are logged
 * with their cause (P4: causes name no file and no client); other codes go on the request's line.
 */
export function problemSender(options: ProblemOptions) {
  return function sendProblem(request: FastifyRequest, reply: FastifyReply, thrown: unknown): FastifyReply {
    let error = toCompressorErrorFromAny(thrown);
    if (error.code === 'FILE_TOO_LARGE' && error.details.limitBytes === undefined) error = tooLarge(options.maxInputBytes);
    noteErrorCode(request, error.code);
    if (error.code === 'INTERNAL') request.log.error({ err: error.cause ?? error }, 'request failed');
    if (RETRYABLE.has(error.code)) reply.header('retry-after', String(options.retryAfterSeconds));
    // Answered before the body was read (early 413, 429, 415…): close, so the client stops sending
    // and the rest of the body is not read (beyond a short, bounded linger). HTTP/2 streams end on their own.
    if (!request.raw.complete && request.raw.httpVersionMajor === 1) {
      reply.header('connection', 'close');
      closeAfterAnswer(request.raw.socket);
    }
    return reply.code(error.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(toProblem(error, request.id)));
  };
}
