/**
 * POST /api/v1/compress — bytes in, smaller bytes out. In this encapsulated scope, and only here:
 * the rate limit, the early 413, the per-client and upload-bytes admission (../admission.ts) and
 * the queue check run before a byte of the body is read, in that order (the limit first, so that
 * refused requests are counted too); any body that is not a multipart form is collected in memory
 * as the raw image (its format is detected from the bytes, never from the declared type), and
 * multipart forms are parsed in memory.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Pipeline } from '../../compress/index.js';
import type { CompressOptions } from '../../pipeline/options.js';
import { CompressorError } from '../../errors.js';
import type { Admission } from '../admission.js';
import { declaredLengthCheck } from '../early-limit.js';
import type { CompressionObservation, ServerExtension } from '../extension.js';
import { noteOutcome } from '../logging.js';
import { optionsCost, pixelCost } from '../rate-limit/cost.js';
import { applyRateLimitHeaders, type RateLimiter } from '../rate-limit/limiter.js';
import { resultHeaders } from '../result-headers.js';
import { parseQueryOptions, readUpload } from '../upload.js';
import { uploadPixels } from '../upload-pixels.js';
import { compressSchema } from './compress-schema.js';

const COMPRESS_PATH = '/api/v1/compress';

export interface CompressRouteOptions {
  readonly pipeline: Pipeline;
  readonly maxInputBytes: number;
  /** Undefined when rate limiting is off (RATE_LIMIT_MAX=0). */
  readonly limiter: RateLimiter | undefined;
  readonly admission: Admission;
  /** The client an address belongs to (../rate-limit/client-key.ts). */
  readonly clientOf: (address: string) => string;
  readonly extensions: readonly ServerExtension[];
  /** True while every worker is busy and the queue is full, or the server is draining: refuse before reading an upload. */
  readonly saturated: () => boolean;
}

/** The query's options when they parse (their weight is charged before the body), else undefined (the 400 comes later). */
function optionsOrUndefined(request: FastifyRequest): CompressOptions | undefined {
  try {
    return parseQueryOptions(request);
  } catch {
    // Not logged: the options hook parses the same query again and answers the 400 with its reason.
    return undefined;
  }
}

export async function compressRoute(app: FastifyInstance, options: CompressRouteOptions): Promise<void> {
  const { pipeline, maxInputBytes, limiter, admission, clientOf, extensions, saturated } = options;

  // Only image bytes are accepted here: no JSON, no text parsing in this scope.
  app.removeAllContentTypeParsers();
  // Any other declared type (or none: curl's --data-binary sends a form type) is the raw image.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxInputBytes }, (_request, body, done) => done(null, body));
  await app.register(multipart, {
    limits: { fileSize: maxInputBytes, files: 1, fields: 32, fieldSize: 1024, parts: 33, headerPairs: 64 },
  });

  // Options in the query string are parsed before the body is read: a typo costs no upload. For a
  // raw body they are all the options, and this parse is the only one.
  const queryOptions = new WeakMap<object, CompressOptions>();
  /** Weight already taken from the client's bucket before the body (./rate-limit/cost.ts). */
  const charged = new WeakMap<object, number>();
  // The limit comes first: a request refused for its size, its options or a busy server is still
  // one request of its client (otherwise oversized requests could be sent without end).
  if (limiter) {
    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'POST') return;
      const options = optionsOrUndefined(request);
      if (options) queryOptions.set(request, options);
      const cost = options ? optionsCost(options) : 1;
      const decision = await limiter.check(request.ip, cost);
      applyRateLimitHeaders(reply, limiter, decision);
      if (!decision.allowed) throw new CompressorError('RATE_LIMITED');
      charged.set(request, cost);
    });
  }
  app.addHook('onRequest', declaredLengthCheck(maxInputBytes));
  // Overloaded: answer at once instead of reading an upload that would be refused anyway (the
  // queue itself still refuses whatever slips past this check).
  app.addHook('onRequest', async (request) => {
    if (request.method === 'POST' && saturated()) throw new CompressorError('OVERLOADED');
  });
  app.addHook('onRequest', async (request) => {
    if (!queryOptions.has(request)) queryOptions.set(request, parseQueryOptions(request));
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'POST') admission.admit(request, reply, clientOf(request.ip));
  });

  /** The rest of the request's weight, now that its final options and its pixels are known. */
  async function chargeTheRest(request: FastifyRequest, reply: FastifyReply, options: CompressOptions, bytes: Buffer): Promise<void> {
    if (!limiter) return;
    const rest = optionsCost(options) + pixelCost(await uploadPixels(bytes, pipeline.limits)) - (charged.get(request) ?? 0);
    if (rest <= 0) return;
    const decision = await limiter.check(request.ip, rest);
    applyRateLimitHeaders(reply, limiter, decision);
    if (!decision.allowed) throw new CompressorError('RATE_LIMITED');
  }

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
      await chargeTheRest(request, reply, upload.options, upload.bytes);
      const result = await admission.during(request, () => pipeline.compress(upload.bytes, upload.options));
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
