/**
 * The compression route's schema, for the OpenAPI description only: option names, kinds and
 * ranges come from the pipeline's OPTION_SPECS, so the documentation cannot drift from what
 * `parseOptions` accepts. Validation itself stays with `parseOptions` (one place, one sentence:
 * "expected an integer 1–100 for quality, got 101").
 */
import { ERROR_CATALOG, type ErrorCode } from '../../errors.js';
import { FORMATS, OUTPUT_FORMATS } from '../../formats/index.js';
import { OPTION_SPECS, type OptionSpec } from '../../pipeline/options.js';
import { FILE_FIELD } from '../upload.js';

type JsonSchema = Record<string, unknown>;

function optionSchema(spec: OptionSpec): JsonSchema {
  const base: JsonSchema = { description: spec.doc };
  if (spec.defaultValue !== undefined) base.default = spec.defaultValue;
  switch (spec.kind.type) {
    case 'integer':
      return { ...base, type: 'integer', minimum: spec.kind.min, maximum: spec.kind.max };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'enum':
      return { ...base, type: 'string', enum: [...spec.kind.values] };
    case 'color':
      return { ...base, type: 'string', pattern: '^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$' };
  }
}

const optionProperties = Object.fromEntries(OPTION_SPECS.map((spec) => [spec.name, optionSchema(spec)]));
const binary = { type: 'string', format: 'binary' } as const;

const RESULT_HEADERS = {
  'content-disposition': { type: 'string', description: 'attachment; the uploaded name\'s stem with the new extension ("image" when no name was sent).' },
  'x-original-size': { type: 'integer', description: 'Bytes received.' },
  'x-compressed-size': { type: 'integer', description: 'Bytes sent back.' },
  'x-compression-ratio': { type: 'string', description: 'Compressed size divided by original size, four decimals (0.2500 = a quarter of the original).' },
  'x-image-width': { type: 'integer', description: 'Width of the result in pixels.' },
  'x-image-height': { type: 'integer', description: 'Height of the result (one frame) in pixels.' },
  'x-quality': { type: 'string', description: 'The encoder quality used (1–100), or "lossless".' },
  'x-original-format': { type: 'string', description: 'Format detected from the uploaded bytes.' },
  'x-kept-original': { type: 'boolean', description: 'True when re-encoding did not make the file smaller and the original bytes came back.' },
  'x-quality-score': { type: 'number', description: 'Measured similarity of the result to the original, when the pipeline measured it (automatic modes): the SSIMULACRA2 score, 100 identical, 90 indistinguishable at 1:1, 80 no difference side by side, 70 high, 50 medium.' },
  'x-quality-target': { type: 'integer', description: 'The score quality=auto or format=auto aimed at.' },
  'x-format': { type: 'string', description: 'The format written; with format=auto, the format that won.' },
  'x-format-candidates': { type: 'string', description: 'format=auto: every format tried, smallest first, as "avif;bytes=41230;score=80.31, webp;bytes=52311;score=80.12".' },
} as const;

export const EXPOSED_HEADERS = [...Object.keys(RESULT_HEADERS), 'retry-after', 'ratelimit', 'ratelimit-policy'];

const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'A sentence for people; never a stack trace.' },
    code: { type: 'string', enum: Object.keys(ERROR_CATALOG) },
    requestId: { type: 'string', description: 'Quote it when reporting a problem; it finds the log line.' },
  },
} as const;

function problemResponse(codes: readonly ErrorCode[], extraHeaders: Record<string, unknown> = {}): JsonSchema {
  return {
    description: codes.map((code) => `\`${code}\`: ${ERROR_CATALOG[code].message}`).join(' '),
    ...(Object.keys(extraHeaders).length > 0 ? { headers: extraHeaders } : {}),
    content: { 'application/problem+json': { schema: problemSchema } },
  };
}

const rateHeaders = {
  ratelimit: { type: 'string', description: 'IETF RateLimit: what is left of the quota, e.g. "compress";r=9;t=10.' },
  'ratelimit-policy': { type: 'string', description: 'IETF RateLimit-Policy, e.g. "compress";q=10;w=10.' },
};
const retryAfter = { 'retry-after': { type: 'integer', description: 'Seconds to wait before trying again.' } };

export const compressSchema = {
  summary: 'Compress or convert one image',
  description: [
    'Send the image either as the raw request body (any `image/*` type or `application/octet-stream`) with the options in the query string,',
    `or as \`multipart/form-data\` with one \`${FILE_FIELD}\` part and the options as further fields.`,
    'The answer is the compressed image. The image is processed in memory only and is not kept.',
  ].join(' '),
  tags: ['compression'],
  querystring: { type: 'object', properties: optionProperties, additionalProperties: false },
  body: {
    content: {
      'application/octet-stream': { schema: binary },
      'image/*': { schema: binary },
      'multipart/form-data': {
        schema: { type: 'object', required: [FILE_FIELD], properties: { [FILE_FIELD]: binary, ...optionProperties } },
      },
    },
  },
  response: {
    200: {
      description: 'The compressed image.',
      headers: { ...RESULT_HEADERS, ...rateHeaders },
      content: Object.fromEntries(OUTPUT_FORMATS.map((format) => [FORMATS[format].mime, { schema: binary }])),
    },
    400: problemResponse(['INVALID_OPTION', 'EMPTY_INPUT', 'BAD_REQUEST']),
    413: problemResponse(['FILE_TOO_LARGE']),
    415: problemResponse(['UNSUPPORTED_FORMAT']),
    422: problemResponse(['CORRUPT_IMAGE', 'TOO_MANY_PIXELS', 'TOO_MANY_FRAMES', 'ANIMATION_NOT_SUPPORTED', 'OUTPUT_TOO_LARGE', 'TARGET_UNREACHABLE']),
    429: problemResponse(['RATE_LIMITED'], { ...retryAfter, ...rateHeaders }),
    503: problemResponse(['OVERLOADED', 'TIMEOUT'], retryAfter),
  },
};
