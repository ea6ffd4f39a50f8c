/**
 * POST /api/v1/compress — bytes in, smaller bytes out. In this encapsulated scope, and only here:
 * the early 413 and the rate limit run before a byte of the body is read, any body that is not a
 * multipart form is collected in memory as the raw image (its format is detected from the bytes,
 * never from the declared type), and multipart forms are parsed in memory.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { Pipeline } from '../../compress/index.js';
import type { CompressOptions } from '../../pipeline/options.js';
import { CompressorError } from '../../errors.js';
import { declaredLengthCheck } from '../early-limit.js';
import type { CompressionObservation, ServerExtension } from '../extension.js';
import { noteOutcome } from '../logging.js';
import { applyRateLimitHeaders, type RateLimiter } from '../rate-limit/limiter.js';
import { resultHeaders } from '../result-headers.js';
import { parseQueryOptions, readUpload } from '../upload.js';
import { compressSchema } from './compress-schema.js';

const COMPRESS_PATH = '/api/v1/compress';

export interface CompressRouteOptions {
  readonly pipeline: Pipeline;
  readonly maxInputBytes: number;
  /** Undefined when rate limiting is off (RATE_LIMIT_MAX=0). */
  readonly limiter: RateLimiter | undefined;
  readonly extensions: readonly ServerExtension[];
  /** True while every worker is busy and the queue is full, or the server is draining: refuse before reading an upload. */
  readonly saturated: () => boolean;
}

export async function compressRoute(app: FastifyInstance, options: CompressRouteOptions): Promise<void> {
  const { pipeline, maxInputBytes, limiter, extensions, saturated } = options;

  // Only image bytes are accepted here: no JSON, no text parsing in this scope.
  app.removeAllContentTypeParsers();
  // Any other declared type (or none: curl's --data-binary sends a form type) is the raw image.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxInputBytes }, (_request, body, done) => done(null, body));
  await app.register(multipart, {
    limits: { fileSize: maxInputBytes, files: 1, fields: 32, fieldSize: 1024, parts: 33, headerPairs: 64 },
  });

  app.addHook('onRequest', declaredLengthCheck(maxInputBytes));
  if (limiter) {
    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'POST') return;
      const decision = await limiter.check(request.ip);
      applyRateLimitHeaders(reply, limiter.policy, decision);
      if (!decision.allowed) throw new CompressorError('RATE_LIMITED');
    });
  }
  // Overloaded: answer at once instead of reading an upload that would be refused anyway (the
  // queue itself still refuses whatever slips past this check).
  app.addHook('onRequest', async (request) => {
    if (request.method === 'POST' && saturated()) throw new CompressorError('OVERLOADED');
  });
  // Options in the query string are parsed before the body is read: a typo costs no upload. For a
  // raw body they are all the options, and this parse is the only one.
  const queryOptions = new WeakMap<object, CompressOptions>();
  app.addHook('onRequest', async (request) => {
    queryOptions.set(request, parseQueryOptions(request));
  });

  app.post(
    COMPRESS_PATH,
    {
      schema: compressSchema,
      // The schema documents; parseOptions validates (one place, one sentence per problem).
      validatorCompiler: () => (value) => ({ value }),
      serializerCompiler: () => (value) => JSON.stringify(value),
    },
    async (request, reply) => {
      const upload = await readUpload(request, maxInputBytes, queryOptions.get(request) ?? parseQueryOptions(request));
      noteOutcome(request, { inputBytes: upload.bytes.length });
      request.log.debug({ inputBytes: upload.bytes.length }, 'upload received; compressing');
      const result = await pipeline.compress(upload.bytes, upload.options);
      noteOutcome(request, {
        inputFormat: result.inputFormat,
        outputFormat: result.format,
        outputBytes: result.outputBytes,
        quality: result.quality ?? 'lossless',
      });
      reply.headers(resultHeaders(result, upload.fileName));
      const observation: CompressionObservation = { request, result, requestedQuality: upload.options.quality };
      for (const extension of extensions) {
        try {
          extension.onCompressed?.(observation, reply);
        } catch (error) {
          request.log.error({ err: error, extension: extension.name }, 'extension failed in onCompressed');
        }
      }
      return reply.send(result.data);
    },
  );
}
