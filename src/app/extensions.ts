import type { Config } from '../config.js';
import type { ServerExtension } from '../http/extension.js';
import { createStatsExtension } from './stats-extension.js';

/**
 * The extensions that `main.ts` installs into the server, built from the configuration it loaded.
 * The statistics/privacy extension is one entry here; the server itself stays unaware of it.
 */
export function createExtensions(config: Config): ServerExtension[] {
  return [createStatsExtension({ config })];
}
