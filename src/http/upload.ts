/**
 * Reads an upload into memory (P3): either the raw request body, already collected by the
 * content-type parser, or a multipart form whose one `file` part is collected into a Buffer.
 * Nothing here ever touches the disk — @fastify/multipart's `saveRequestFiles` (the one API that
 * writes temporary files) is never called; test/http/no-disk-write.test.ts proves it under strace.
 */
import type { FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { CompressorError } from '../errors.js';
import { parseOptions, type CompressOptions } from '../pipeline/options.js';
import { tooLarge } from './too-large.js';

export interface Upload {
  readonly bytes: Buffer;
  /** The name the client gave the file (multipart only); used for the download name, never logged. */
  readonly fileName: string | undefined;
  /** The options, parsed once: from the query string, and the form's other fields over it. */
  readonly options: CompressOptions;
}

export const FILE_FIELD = 'file';

export function isMultipart(request: FastifyRequest): boolean {
  return /^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '');
}

function queryOptions(request: FastifyRequest): Record<string, unknown> {
  return { ...(request.query as Record<string, unknown> | undefined) };
}

/**
 * The file part's bytes, in memory. Like the plugin's `toBuffer()`, except that passing the size
 * limit fails at once: `toBuffer()` only notices at the end of the part, after the whole
 * (truncated) rest of the upload has been read.
 */
function fileBytes(file: MultipartFile['file'], maxInputBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    file.on('data', (chunk: Buffer) => chunks.push(chunk));
    file.once('limit', () => reject(tooLarge(maxInputBytes)));
    file.once('end', () => resolve(Buffer.concat(chunks)));
    file.once('error', reject);
  });
}

async function readMultipart(request: FastifyRequest, maxInputBytes: number): Promise<Upload> {
  const options: Record<string, unknown> = queryOptions(request);
  let file: { bytes: Buffer; fileName: string | undefined } | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== FILE_FIELD) {
        throw new CompressorError('BAD_REQUEST', { message: `Send the image in a form part named "${FILE_FIELD}", not ${JSON.stringify(part.fieldname)}.` });
      }
      // A typo in a field sent before the file costs no upload (the page sends its fields first);
      // combinations wait for every field, since a later one may override the query's.
      parseOptions(options, 'values');
      file = { bytes: await fileBytes(part.file, maxInputBytes), fileName: part.filename || undefined };
    } else {
      options[part.fieldname] = part.value;
    }
  }
  if (!file) throw new CompressorError('EMPTY_INPUT', { message: `The form has no "${FILE_FIELD}" part: no image was received.` });
  return { ...file, options: parseOptions(options) };
}

/**
 * The options of a request whose body is the raw image: the query string holds all of them, so
 * they are parsed, combinations included, before a byte of the body is read.
 */
export function parseQueryOptions(request: FastifyRequest): CompressOptions {
  return parseOptions(queryOptions(request), isMultipart(request) ? 'values' : 'values and combinations');
}

/** `queryOptions`: what parseQueryOptions returned for this request, before the body was read. */
export async function readUpload(request: FastifyRequest, maxInputBytes: number, queryOptions: CompressOptions): Promise<Upload> {
  if (isMultipart(request)) return readMultipart(request, maxInputBytes);
  const body = request.body;
  return { bytes: Buffer.isBuffer(body) ? body : Buffer.alloc(0), fileName: undefined, options: queryOptions };
}
