/**
 * The early 413: a request whose declared Content-Length is over the limit is answered at once,
 * before a byte of its body is read, and the connection is closed so the client stops sending.
 * Bodies without a declared length are cut off by the parsers as soon as they pass the limit.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { tooLarge } from './too-large.js';
import { isMultipart } from './upload.js';

/** Room for a form's boundaries, part headers and option fields around the file itself. */
const MULTIPART_ALLOWANCE_BYTES = 64 * 1024;

export function declaredLengthCheck(maxInputBytes: number) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const declared = Number(request.headers['content-length']);
    const limit = isMultipart(request) ? maxInputBytes + MULTIPART_ALLOWANCE_BYTES : maxInputBytes;
    if (Number.isFinite(declared) && declared > limit) throw tooLarge(maxInputBytes);
  };
}
