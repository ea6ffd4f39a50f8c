/** The real server (buildServer) with the statistics extension, for the HTTP tests of issue 5. */
import path from 'node:path';
import { createStatsExtension, type StatsExtension, type StatsExtensionOptions } from '../../src/app/stats-extension.js';
import { testConfig, listen, type RunningServer } from '../http/support.js';
import { tempDir } from './support.js';

export interface StatsServer extends RunningServer {
  readonly extension: StatsExtension;
  /** The SQLite file (when the store is SQLite). */
  readonly file: string;
  readonly dir: string;
  remove(): void;
}

export async function startStatsServer(env: Record<string, string> = {}, options: Omit<StatsExtensionOptions, 'config'> = {}): Promise<StatsServer> {
  const { dir, remove } = tempDir('stats-http-');
  const file = path.join(dir, 'data', 'stats.sqlite');
  const fullEnv = { STATS_DB_PATH: file, ...env };
  const extension = createStatsExtension({ config: testConfig(fullEnv), ...options });
  const server = await listen({ env: fullEnv, extensions: [extension] });
  return { ...server, extension, file, dir, remove };
}

export function cookieOf(response: Response): string | undefined {
  const set = response.headers.getSetCookie();
  return set[0]?.split(';')[0];
}

export const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
export const BASIC = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
