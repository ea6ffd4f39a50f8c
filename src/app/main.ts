/**
 * `npm start`, the composition root of the server: loads the configuration once (every problem
 * reported at once, then exit 2), builds the pipeline, the extensions and the server from it,
 * listens on HOST:PORT (HTTPS when a certificate is configured, plus the optional redirect
 * listener), and shuts down gracefully on SIGTERM/SIGINT: stop accepting, answer /readyz with 503,
 * let requests in flight finish, close the extensions, exit 0 (or 1 when SHUTDOWN_TIMEOUT_MS runs
 * out first). An error nothing caught is logged safely, the statistics are written, and the process
 * exits 1 (crash.ts). The server reads its settings from the environment here only; everything below
 * receives the loaded config.
 */
import type { Server } from 'node:http';
import { createPipeline } from '../compress/index.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { loadTls } from '../http/listener.js';
import { createRedirectServer } from '../http/redirect.js';
import { buildServer } from '../http/server.js';
import { trustProxyWarning } from '../http/trust-proxy-warning.js';
import { installCrashHandlers } from './crash.js';
import { createExtensions } from './extensions.js';

export const CONFIG_EXIT_CODE = 2;

async function configure(): Promise<{ config: Config; tls: Awaited<ReturnType<typeof loadTls>> }> {
  try {
    const config = loadConfig(process.env);
    return { config, tls: await loadTls(config) };
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(CONFIG_EXIT_CODE);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const { config, tls } = await configure();
  const extensions = createExtensions(config);
  const app = await buildServer({ config, pipeline: createPipeline(config), extensions, ...(tls ? { tls } : {}) });
  // An uncaught error is logged through the safe logger, the statistics are written, exit 1 (crash.ts).
  installCrashHandlers({
    log: app.log,
    flush: async () => {
      await Promise.all(extensions.map((extension) => extension.close?.()));
    },
    flushTimeoutMs: config.shutdownTimeoutMs,
  });
  const proxyWarning = trustProxyWarning(config.trustProxy);
  if (proxyWarning !== undefined) app.log.warn({ setting: 'TRUST_PROXY' }, proxyWarning);
  await app.listen({ port: config.port, host: config.host });

  let redirect: Server | undefined;
  if (tls && config.httpRedirectPort !== 0) {
    const httpsPort = (app.server.address() as { port: number }).port;
    redirect = createRedirectServer({ httpsPort, headersTimeoutMs: config.headersTimeoutMs, requestTimeoutMs: config.requestTimeoutMs });
    await new Promise<void>((resolve, reject) => redirect?.once('error', reject).listen(config.httpRedirectPort, config.host, resolve));
    app.log.info({ port: config.httpRedirectPort }, 'redirecting plain HTTP to HTTPS');
  }

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
    setTimeout(() => {
      app.log.error({ timeoutMs: config.shutdownTimeoutMs }, 'requests still in flight at the shutdown deadline; exiting anyway');
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    redirect?.close();
    redirect?.closeIdleConnections();
    app
      .close()
      .then(() => {
        app.log.info('shut down cleanly');
        process.exit(0);
      })
      .catch((error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

await main();
