/**
 * Every setting of the product, described as data: environment variable, type, default, bounds and
 * a sentence for the docs. `loadConfig(env)` checks them all at once and returns a frozen, typed
 * object; every problem is reported together (ConfigError), never one at a time.
 *
 * docs/configuration.md documents each setting; test/config.test.ts fails when one is missing.
 */
import os from 'node:os';

interface SettingBase<T> {
  readonly env: string;
  readonly doc: string;
  /** The default as a person would write it in the environment (shown in the docs). */
  readonly defaultText: string;
  readonly parse: (raw: string) => T | ParseFailure;
  readonly fallback: T;
}

export interface ParseFailure {
  readonly expected: string;
}

export type Setting<T> = SettingBase<T>;

function fail(expected: string): ParseFailure {
  return { expected };
}

function isFailure(value: unknown): value is ParseFailure {
  return typeof value === 'object' && value !== null && 'expected' in value && Object.keys(value).length === 1;
}

export function integerSetting(
  env: string,
  fallback: number,
  min: number,
  max: number,
  doc: string,
): Setting<number> {
  return {
    env,
    doc,
    fallback,
    defaultText: String(fallback),
    parse: (raw) => {
      const n = Number(raw.trim());
      return /^-?\d+$/.test(raw.trim()) && n >= min && n <= max ? n : fail(`an integer ${min}–${max}`);
    },
  };
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** Parses "25mb", "800k", "1048576" into bytes. Shared with the CLI's --max-bytes. */
export function parseByteSize(raw: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(raw);
  if (!match) return undefined;
  const unit = SIZE_UNITS[(match[2] ?? '').toLowerCase()];
  if (unit === undefined) return undefined;
  return Math.round(Number(match[1]) * unit);
}

export function byteSizeSetting(env: string, fallback: number, min: number, doc: string): Setting<number> {
  return {
    env,
    doc,
    fallback,
    defaultText: formatBytes(fallback),
    parse: (raw) => {
      const n = parseByteSize(raw);
      return n !== undefined && n >= min ? n : fail(`a size in bytes such as 25mb or 800k, at least ${min}`);
    },
  };
}

export function booleanSetting(env: string, fallback: boolean, doc: string): Setting<boolean> {
  return {
    env,
    doc,
    fallback,
    defaultText: String(fallback),
    parse: (raw) => {
      const v = raw.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off'].includes(v)) return false;
      return fail('true or false');
    },
  };
}

export function stringSetting(env: string, fallback: string, doc: string, pattern?: RegExp, expected?: string): Setting<string> {
  return {
    env,
    doc,
    fallback,
    defaultText: fallback === '' ? '(empty)' : fallback,
    parse: (raw) => (pattern && !pattern.test(raw) ? fail(expected ?? `a value matching ${pattern}`) : raw),
  };
}

export function enumSetting<const V extends string>(env: string, values: readonly V[], fallback: V, doc: string): Setting<V> {
  return {
    env,
    doc,
    fallback,
    defaultText: fallback,
    parse: (raw) => {
      const v = raw.trim().toLowerCase();
      return (values as readonly string[]).includes(v) ? (v as V) : fail(`one of ${values.join(', ')}`);
    },
  };
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3 && n % 1024 ** 3 === 0) return `${n / 1024 ** 3}gb`;
  if (n >= 1024 ** 2 && n % 1024 ** 2 === 0) return `${n / 1024 ** 2}mb`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024}kb`;
  return String(n);
}

const CORES = Math.max(1, os.availableParallelism());

/**
 * The schema. Keys are the typed names used in code; `env` is what an operator sets.
 * Add new settings here and document them in docs/configuration.md.
 */
export const SETTINGS = {
  // Pipeline limits (P3, and protection against decompression bombs).
  maxInputBytes: byteSizeSetting('MAX_INPUT_BYTES', 25 * 1024 ** 2, 1, 'Largest accepted upload, in bytes (units k, m, g accepted).'),
  maxPixels: integerSetting('MAX_PIXELS', 50_000_000, 1, 1_000_000_000, 'Largest accepted image area in pixels (width × height × frames), checked from the header before decoding.'),
  maxFrames: integerSetting('MAX_FRAMES', 300, 1, 10_000, 'Most frames accepted in an animated GIF or WebP.'),
  processingTimeoutMs: integerSetting('PROCESSING_TIMEOUT_MS', 30_000, 100, 600_000, 'Longest time one compression may take before it is stopped with TIMEOUT.'),
  workers: integerSetting('WORKERS', CORES, 1, 256, 'Compressions run at the same time (defaults to the number of CPU cores).'),
  queueDepth: integerSetting('QUEUE_DEPTH', 64, 0, 100_000, 'Compressions that may wait for a worker; beyond that, requests get OVERLOADED.'),
} as const;

type Settings = typeof SETTINGS;
export type Config = { readonly [K in keyof Settings]: Settings[K] extends Setting<infer T> ? T : never };

export interface ConfigProblem {
  readonly env: string;
  readonly message: string;
}

export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];
  constructor(problems: readonly ConfigProblem[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Reads every setting from `env`; throws one ConfigError listing every problem. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const values: Record<string, unknown> = {};
  const problems: ConfigProblem[] = [];
  for (const [key, setting] of Object.entries(SETTINGS) as [string, Setting<unknown>][]) {
    const raw = env[setting.env];
    if (raw === undefined || raw === '') {
      values[key] = setting.fallback;
      continue;
    }
    const parsed = setting.parse(raw);
    if (isFailure(parsed)) {
      problems.push({ env: setting.env, message: `expected ${parsed.expected} for ${setting.env}, got ${JSON.stringify(raw)}` });
    } else {
      values[key] = parsed;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(values) as Config;
}
