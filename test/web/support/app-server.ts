/**
 * The real server, in-process on a random port, serving the built web app: what a visitor gets.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../../src/config.js';
import { buildServer } from '../../../src/http/server.js';
import { ensureWebBuilt } from './build-web.js';

export interface RunningApp {
  readonly app: FastifyInstance;
  readonly origin: string;
  close(): Promise<void>;
}

export async function startApp(env: Readonly<Record<string, string>> = {}): Promise<RunningApp> {
  await ensureWebBuilt();
  const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0', ...env });
  const app = await buildServer({ config, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, origin: `http://127.0.0.1:${port}`, close: () => app.close() };
}
