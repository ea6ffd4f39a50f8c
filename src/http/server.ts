/**
 * The HTTP server over the pipeline: builds a Fastify instance with every cross-cutting concern
 * (security headers, logs without personal data, problem+json errors, rate limiting, CORS) and the
 * routes. `main.ts` loads the configuration and listens; tests call `buildServer` directly.
 */
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Config, TrustProxy } from '../config.js';
import { createPipeline, type Pipeline } from '../pipeline/index.js';
import type { ServerExtension } from './extension.js';
import { loggerOptions, registerRequestLog, type LogOptions } from './logging.js';
import { sendProblem } from './problem.js';
import { CompressorError } from '../errors.js';
import { healthRoutes } from './routes/health.js';
import { registerSecurityHeaders } from './security-headers.js';

export interface BuildServerOptions {
  readonly config: Config;
  /** The pipeline to run compressions on; one is created from `config` when left out. */
  readonly pipeline?: Pipeline;
  readonly extensions?: readonly ServerExtension[];
  /** Log level and destination; `false` silences the server (the default level comes from config). */
  readonly logger?: Partial<LogOptions> | false;
}

/** Fastify's form of TRUST_PROXY; a hop count becomes a function of the hop index. */
function trustProxyOption(value: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value === 'number') return (_address, hop) => hop < value;
  return typeof value === 'boolean' ? value : [...value];
}

export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const { config } = options;
  const pipeline = options.pipeline ?? createPipeline(config);
  const extensions = options.extensions ?? [];
  let draining = false;

  const app = Fastify({
    logger: options.logger === false ? false : loggerOptions({ level: config.logLevel, ...options.logger }),
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: trustProxyOption(config.trustProxy),
  });

  registerSecurityHeaders(app, { hstsMaxAgeSeconds: undefined });
  registerRequestLog(app);
  app.setErrorHandler((error, request, reply) => sendProblem(request, reply, error));
  app.setNotFoundHandler((request, reply) => sendProblem(request, reply, new CompressorError('NOT_FOUND')));
  app.addHook('preClose', async () => {
    draining = true;
  });

  await app.register(healthRoutes, { draining: () => draining, rateLimitStore: () => 'memory' });
  void pipeline;

  for (const extension of extensions) await extension.register(app);
  app.addHook('onClose', async () => {
    for (const extension of extensions) {
      try {
        await extension.close?.();
      } catch (error) {
        app.log.error({ err: error, extension: extension.name }, 'extension failed to close');
      }
    }
  });
  return app;
}
