/**
 * Reads an upload into memory (P3): either the raw request body, already collected by the
 * content-type parser, or a multipart form whose one `file` part is read with `toBuffer()`.
 * Nothing here ever touches the disk — @fastify/multipart's `saveRequestFiles` (the one API that
 * writes temporary files) is never called; test/http/no-disk-write.test.ts proves it under strace.
 */
import type { FastifyRequest } from 'fastify';
import { CompressorError } from '../errors.js';

export interface Upload {
  readonly bytes: Buffer;
  /** The name the client gave the file (multipart only); used for the download name, never logged. */
  readonly fileName: string | undefined;
  /** Options as the client sent them: the query string, or the form's other fields. */
  readonly options: Record<string, unknown>;
}

export const FILE_FIELD = 'file';

export function isMultipart(request: FastifyRequest): boolean {
  return /^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '');
}

function queryOptions(request: FastifyRequest): Record<string, unknown> {
  return { ...(request.query as Record<string, unknown> | undefined) };
}

async function readMultipart(request: FastifyRequest): Promise<Upload> {
  const options: Record<string, unknown> = queryOptions(request);
  let file: { bytes: Buffer; fileName: string | undefined } | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== FILE_FIELD) {
        throw new CompressorError('BAD_REQUEST', { message: `Send the image in a form part named "${FILE_FIELD}", not ${JSON.stringify(part.fieldname)}.` });
      }
      // Throws FST_REQ_FILE_TOO_LARGE as soon as the part passes the limit.
      file = { bytes: await part.toBuffer(), fileName: part.filename || undefined };
    } else {
      options[part.fieldname] = part.value;
    }
  }
  if (!file) throw new CompressorError('EMPTY_INPUT', { message: `The form has no "${FILE_FIELD}" part: no image was received.` });
  return { ...file, options };
}

export async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (isMultipart(request)) return readMultipart(request);
  const body = request.body;
  return { bytes: Buffer.isBuffer(body) ? body : Buffer.alloc(0), fileName: undefined, options: queryOptions(request) };
}
