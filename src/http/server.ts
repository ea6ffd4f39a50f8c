/**
 * The HTTP server over the pipeline: builds a Fastify instance with every cross-cutting concern
 * (security headers, logs without personal data, problem+json errors, rate limiting, CORS, TLS)
 * and the routes. `main.ts` loads the configuration and listens; tests call `buildServer`.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Config, TrustProxy } from '../config.js';
import { CompressorError } from '../errors.js';
import { createPipeline, type Pipeline } from '../compress/index.js';
import { registerCors } from './cors.js';
import type { ServerExtension } from './extension.js';
import { refuseAbortedRequests } from './aborted-request.js';
import { loadTls, serverFactory, type TlsMaterial } from './listener.js';
import { loggerOptions, registerRequestLog, type LogOptions } from './logging.js';
import { collectRoutes } from './method-check.js';
import { problemSender } from './problem.js';
import { projectRoot } from './project-root.js';
import { Admission } from './admission.js';
import { capConnections } from './connection-cap.js';
import { clientKey } from './rate-limit/client-key.js';
import { createLimiters } from './rate-limit/limiters.js';
import { limitPrivateRoutes } from './rate-limit/private-routes.js';
import { compressRoute } from './routes/compress.js';
import { healthRoutes } from './routes/health.js';
import { limitsRoute } from './routes/limits.js';
import { openApiRoutes, registerOpenApi } from './routes/openapi.js';
import { faviconRoutes } from './routes/favicon.js';
import { spaFallback, webAppRoutes } from './routes/web-app.js';
import { registerSecurityHeaders } from './security-headers.js';

export interface BuildServerOptions {
  readonly config: Config;
  /** The pipeline to run compressions on; one is created from `config` when left out. */
  readonly pipeline?: Pipeline;
  readonly extensions?: readonly ServerExtension[];
  /** Log level and destination (the level defaults to LOG_LEVEL); `false` silences the server. */
  readonly logger?: Partial<LogOptions> | false;
  /** The built web app; `<project>/web/dist` when left out. */
  readonly webRoot?: string;
  /** Certificate and key; read from TLS_CERT_FILE/TLS_KEY_FILE when left out. */
  readonly tls?: TlsMaterial;
}

/** Fastify's form of TRUST_PROXY; a hop count becomes a function of the hop index. */
function trustProxyOption(value: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value === 'number') return (_address, hop) => hop < value;
  return typeof value === 'boolean' ? value : [...value];
}

function productVersion(root: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const { config } = options;
  const pipeline = options.pipeline ?? createPipeline(config);
  const extensions = options.extensions ?? [];
  const root = projectRoot();
  const webRoot = options.webRoot ?? path.join(root, 'web', 'dist');
  const tls = options.tls ?? (await loadTls(config));
  let draining = false;

  const app = Fastify({
    logger: options.logger === false ? false : loggerOptions({ level: config.logLevel, ...options.logger }),
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    trustProxy: trustProxyOption(config.trustProxy),
    serverFactory: serverFactory(config, tls),
    // Shutdown: idle keep-alive connections are closed at once, busy ones after their answer.
    forceCloseConnections: 'idle',
    // Requests that still arrive on open connections while draining are answered by the routes:
    // /readyz says "draining", compressions get 503 OVERLOADED as problem+json (see compress.ts).
    return503OnClosing: false,
  }) as unknown as FastifyInstance;
  capConnections(app.server, config.maxConnections, app.log);

  const sendProblem = problemSender({ maxInputBytes: config.maxInputBytes, retryAfterSeconds: config.overloadRetryAfterSeconds });
  registerSecurityHeaders(app, { hstsMaxAgeSeconds: tls ? config.hstsMaxAgeSeconds : undefined });
  registerRequestLog(app);
  app.setErrorHandler((error, request, reply) => sendProblem(request, reply, error));
  refuseAbortedRequests(app);
  const fallback = spaFallback(webRoot);
  const methodsFor = collectRoutes(app);
  app.setNotFoundHandler((request, reply) => {
    const allowed = methodsFor(request.url);
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      return sendProblem(request, reply.header('allow', allowed.join(', ')), new CompressorError('METHOD_NOT_ALLOWED'));
    }
    return fallback(request, reply) ?? sendProblem(request, reply, new CompressorError('NOT_FOUND'));
  });

  const limiters = await createLimiters(config, app.log);
  // Before any route is registered: the operator's and the privacy routes come from extensions.
  if (limiters.privateRoutes) limitPrivateRoutes(app, limiters.privateRoutes);

  app.addHook('preClose', async () => {
    draining = true;
  });
  // While draining, answers in flight close their connection, so shutdown does not wait for
  // keep-alive connections to time out.
  app.addHook('onSend', async (request, reply) => {
    if (draining && request.raw.httpVersionMajor === 1) reply.header('connection', 'close');
  });
  app.addHook('onClose', async () => {
    for (const extension of extensions) {
      try {
        await extension.close?.();
      } catch (error) {
        app.log.error({ err: error, extension: extension.name }, 'extension failed to close');
      }
    }
    await limiters.store?.close();
  });

  await registerOpenApi(app, productVersion(root));
  await registerCors(app, config.corsOrigins);
  await app.register(healthRoutes, { draining: () => draining, rateLimitStore: () => limiters.store?.name ?? 'off' });
  const saturated = () => draining || (pipeline.queue.stats.running >= config.workers && pipeline.queue.stats.waiting >= config.queueDepth);
  const admission = new Admission({
    maxInFlightPerClient: config.maxInFlightPerClient,
    maxUploadBytesInFlight: config.maxUploadBytesInFlight,
    largestUploadBytes: config.maxInputBytes,
  });
  const clientOf = (address: string) => clientKey(address, config.rateLimitIpv6Prefix);
  await app.register(compressRoute, { pipeline, maxInputBytes: config.maxInputBytes, limiter: limiters.compress, admission, clientOf, extensions, saturated });
  await app.register(limitsRoute, { config });
  await app.register(openApiRoutes);
  for (const extension of extensions) await extension.register(app);
  await app.register(faviconRoutes, { projectRoot: root });
  await app.register(webAppRoutes, { root: webRoot });
  return app;
}
