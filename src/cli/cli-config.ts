/**
 * The CLI's settings: the pipeline limits (MAX_INPUT_BYTES, MAX_PIXELS, MAX_FRAMES,
 * PROCESSING_TIMEOUT_MS) and WORKERS, read from the same environment variables as the server and
 * checked by the same schema. Server-only variables are ignored, so a half-configured server
 * environment never stops the command-line tool.
 */
import { ConfigError, loadConfig, SETTINGS, type Config } from '../config.js';
import { UsageError } from './usage-error.js';

const CLI_SETTINGS = ['maxInputBytes', 'maxPixels', 'maxFrames', 'processingTimeoutMs', 'workers'] as const satisfies ReadonlyArray<keyof Config>;

export type CliConfig = Pick<Config, (typeof CLI_SETTINGS)[number]>;

export const CLI_ENV_VARS: readonly string[] = CLI_SETTINGS.map((key) => SETTINGS[key].env);

export function cliConfig(env: Readonly<Record<string, string | undefined>>): CliConfig {
  const relevant: Record<string, string | undefined> = {};
  for (const name of CLI_ENV_VARS) relevant[name] = env[name];
  try {
    return loadConfig(relevant);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}
