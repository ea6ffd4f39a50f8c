/**
 * Every setting of the product, described as data: environment variable, type, default, bounds and
 * a sentence for the docs. `loadConfig(env)` checks them all at once and returns a frozen, typed
 * object; every problem is reported together (ConfigError), never one at a time.
 *
 * docs/configuration.md documents each setting; test/config.test.ts fails when one is missing.
 */
import net from 'node:net';
import os from 'node:os';
import tls from 'node:tls';
import { hiddenText, withoutUrlSecrets } from './shared/hidden-text.js';
import { formatByteSetting } from './shared/units.js';

interface SettingBase<T> {
  readonly env: string;
  readonly doc: string;
  /** The default as a person would write it in the environment (shown in the docs). */
  readonly defaultText: string;
  readonly parse: (raw: string) => T | ParseFailure;
  readonly fallback: T;
  /**
   * A setting that holds a secret is never echoed: 'value' shows only its length, 'url-credentials'
   * shows the URL with its password (and password-like query parameters) hidden.
   */
  readonly secret?: 'value' | 'url-credentials';
}

interface ParseFailure {
  readonly expected: string;
}

export type Setting<T> = SettingBase<T>;

function fail(expected: string): ParseFailure {
  return { expected };
}

/** Marks a setting as holding a secret (see SettingBase.secret). */
function secret<T>(setting: Setting<T>, kind: 'value' | 'url-credentials'): Setting<T> {
  return { ...setting, secret: kind };
}

/** A raw value as an error message may show it: secrets hidden, everything else quoted as given. */
function shownValue(setting: Setting<unknown>, raw: string): string {
  if (setting.secret === 'value') return hiddenText(raw);
  if (setting.secret === 'url-credentials') return JSON.stringify(withoutUrlSecrets(raw));
  return JSON.stringify(raw);
}

function isFailure(value: unknown): value is ParseFailure {
  return typeof value === 'object' && value !== null && 'expected' in value && Object.keys(value).length === 1;
}

function integerSetting(
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

function byteSizeSetting(env: string, fallback: number, min: number, doc: string): Setting<number> {
  return {
    env,
    doc,
    fallback,
    defaultText: formatByteSetting(fallback),
    parse: (raw) => {
      const n = parseByteSize(raw);
      return n !== undefined && n >= min ? n : fail(`a size in bytes such as 25mb or 800k, at least ${min}`);
    },
  };
}

function booleanSetting(env: string, fallback: boolean, doc: string): Setting<boolean> {
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

function stringSetting(env: string, fallback: string, doc: string, pattern?: RegExp, expected?: string): Setting<string> {
  return {
    env,
    doc,
    fallback,
    defaultText: fallback === '' ? '(empty)' : fallback,
    parse: (raw) => (pattern && !pattern.test(raw) ? fail(expected ?? `a value matching ${pattern}`) : raw),
  };
}

function enumSetting<const V extends string>(env: string, values: readonly V[], fallback: V, doc: string): Setting<V> {
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

/**
 * One TRUST_PROXY entry as proxy-addr (Fastify's) accepts it: an IPv4 or IPv6 address, with an
 * optional prefix length, or one of its names loopback, linklocal, uniquelocal. Checked here, so
 * that a typo is a configuration problem rather than a TypeError when the server is built; a /0
 * range (every address) is refused by proxy-addr too: TRUST_PROXY=true says that, and warns.
 */
function isProxyRange(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : 0;
  return bits >= 1 && bits <= (family === 4 ? 32 : 128);
}

/** TRUST_PROXY: off, on (every hop), a hop count, or the proxies' addresses/CIDRs. */
export type TrustProxy = boolean | number | readonly string[];

function trustProxySetting(env: string, doc: string): Setting<TrustProxy> {
  return {
    env,
    doc,
    fallback: false,
    defaultText: 'false',
    parse: (raw) => {
      const v = raw.trim().toLowerCase();
      // "1" is one proxy hop, not "true": an operator with one proxy in front writes 1, and
      // trusting every hop would let any client choose its address.
      if (['true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off'].includes(v)) return false;
      if (/^\d+$/.test(v)) return Number(v);
      const list = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
      const ok = list.length > 0 && list.every(isProxyRange);
      return ok ? list : fail('true, false, a hop count, or a comma-separated list of proxy addresses or CIDR ranges (prefix at least 1)');
    },
  };
}

/** CORS_ORIGINS: empty (CORS off), `*`, or a comma-separated list of exact origins. */
function originListSetting(env: string, doc: string): Setting<readonly string[]> {
  return {
    env,
    doc,
    fallback: [],
    defaultText: '(empty)',
    parse: (raw) => {
      const list = raw.split(',').map((s) => s.trim().replace(/\/+$/, '')).filter((s) => s !== '');
      const ok = list.every((s) => s === '*' || /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(s));
      return ok ? list : fail('"*" or a comma-separated list of origins such as https://example.org');
    },
  };
}

const CORES = Math.max(1, os.availableParallelism());

/**
 * Mozilla's "intermediate" TLS 1.2 suites (ssl-config.mozilla.org, guidelines 5.7): forward-secret
 * (ECDHE/DHE) AEAD only, no CBC and no plain RSA key exchange. TLS 1.3 suites are all AEAD and
 * stay OpenSSL's defaults unless the list names some (TLS_…). The DHE suites are listed as Mozilla
 * lists them but are not offered, since the server sets no DH parameters.
 */
const INTERMEDIATE_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305', 'DHE-RSA-AES128-GCM-SHA256', 'DHE-RSA-AES256-GCM-SHA384', 'DHE-RSA-CHACHA20-POLY1305',
].join(':');

/** TLS_CIPHERS: an OpenSSL cipher list; checked by OpenSSL itself, so a typo is a start-up problem, not a failed handshake later. */
function cipherListSetting(env: string, doc: string): Setting<string> {
  return {
    env,
    doc,
    fallback: INTERMEDIATE_CIPHERS,
    defaultText: INTERMEDIATE_CIPHERS,
    parse: (raw) => {
      try {
        tls.createSecureContext({ ciphers: raw.trim() });
        return raw.trim();
      } catch {
        return fail('an OpenSSL cipher list such as ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256');
      }
    },
  };
}

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
  maxBatchFiles: integerSetting('MAX_BATCH_FILES', 20, 1, 1_000, 'Images the web page takes in one batch (each is still its own request); served to it by GET /api/v1/limits.'),
  // HTTP server (src/http/).
  port: integerSetting('PORT', 3000, 0, 65_535, 'TCP port the server listens on (HTTPS when a certificate is configured); 0 picks a free port.'),
  host: stringSetting('HOST', '0.0.0.0', 'Address the server listens on; 127.0.0.1 keeps it local to the machine.'),
  trustProxy: trustProxySetting('TRUST_PROXY', 'Whether X-Forwarded-For/-Proto are believed: false, true, a hop count, or the proxies\' addresses/CIDRs.'),
  logLevel: enumSetting('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info', 'Least severe log level written to standard output.'),
  headersTimeoutMs: integerSetting('HEADERS_TIMEOUT_MS', 10_000, 100, 600_000, 'A client must send its request headers within this time, or the connection is closed.'),
  requestTimeoutMs: integerSetting('REQUEST_TIMEOUT_MS', 60_000, 100, 3_600_000, 'A client must send its whole request, body included, within this time, or it gets 408 and the connection is closed.'),
  keepAliveTimeoutMs: integerSetting('KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 600_000, 'Idle keep-alive connections are closed after this time.'),
  shutdownTimeoutMs: integerSetting('SHUTDOWN_TIMEOUT_MS', 30_000, 100, 600_000, 'On SIGTERM, requests in flight get this long to finish before the process exits anyway.'),
  overloadRetryAfterSeconds: integerSetting('OVERLOAD_RETRY_AFTER_SECONDS', 5, 1, 3_600, 'Retry-After sent with 503 OVERLOADED and TIMEOUT answers.'),
  rateLimitMax: integerSetting('RATE_LIMIT_MAX', 60, 0, 1_000_000, 'Compressions one client IP may ask for per window; 0 turns rate limiting off.'),
  rateLimitWindowSeconds: integerSetting('RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400, 'Length of the rate-limit window in seconds.'),
  rateLimitBurst: integerSetting('RATE_LIMIT_BURST', 10, 1, 1_000_000, 'Compressions one client may send at once before the steady rate (RATE_LIMIT_MAX per window) applies.'),
  rateLimitIpv6Prefix: integerSetting('RATE_LIMIT_IPV6_PREFIX', 64, 1, 128, 'IPv6 clients are counted by network: addresses sharing this many leading bits are one client (an IPv4 address is always one client).'),
  maxInFlightPerClient: integerSetting('MAX_IN_FLIGHT_PER_CLIENT', 2, 0, 10_000, 'Compressions one client may have in progress at once (uploading, waiting or running); the next gets 429 before its body is read; 0 turns the cap off.'),
  maxUploadBytesInFlight: byteSizeSetting('MAX_UPLOAD_BYTES_IN_FLIGHT', 256 * 1024 ** 2, 1, 'Upload bytes all clients together may have in memory at once, by declared Content-Length; beyond it a request gets 503 OVERLOADED before its body is read.'),
  adminPrivacyRateLimitMax: integerSetting('ADMIN_PRIVACY_RATE_LIMIT_MAX', 30, 0, 1_000_000, 'Requests one client may send per minute to /admin, /api/v1/admin/* and /api/v1/privacy/* together; 0 turns this limit off.'),
  adminPrivacyRateLimitBurst: integerSetting('ADMIN_PRIVACY_RATE_LIMIT_BURST', 20, 1, 1_000_000, 'Requests one client may send at once to those routes before the steady rate applies.'),
  maxConnections: integerSetting('MAX_CONNECTIONS', 1_000, 1, 1_000_000, 'Open client connections the server keeps at once; further ones are closed as soon as they arrive.'),
  redisUrl: secret(stringSetting('REDIS_URL', '', 'Redis for the rate limit shared by several instances (redis:// or rediss://); empty keeps it in memory.', /^(rediss?:\/\/.+)?$/, 'a redis:// or rediss:// URL'), 'url-credentials'),
  redisTimeoutMs: integerSetting('REDIS_TIMEOUT_MS', 250, 10, 60_000, 'How long a rate-limit check waits for Redis before the local limiter answers instead.'),
  tlsCertFile: stringSetting('TLS_CERT_FILE', '', 'PEM certificate chain; with TLS_KEY_FILE the server speaks HTTPS and sends HSTS.'),
  tlsKeyFile: stringSetting('TLS_KEY_FILE', '', 'PEM private key for TLS_CERT_FILE.'),
  http2: booleanSetting('HTTP2', false, 'With TLS, also speak HTTP/2 (HTTP/1.1 stays available).'),
  tlsCiphers: cipherListSetting('TLS_CIPHERS', 'TLS 1.2 cipher suites the server offers (OpenSSL names, colon-separated); the default is Mozilla\'s intermediate profile. TLS 1.0 and 1.1 are never offered.'),
  hstsMaxAgeSeconds: integerSetting('HSTS_MAX_AGE_SECONDS', 31_536_000, 0, 126_144_000, 'max-age of the Strict-Transport-Security header sent under HTTPS.'),
  httpRedirectPort: integerSetting('HTTP_REDIRECT_PORT', 0, 0, 65_535, 'With TLS, a plain-HTTP port that only redirects to HTTPS; 0 turns it off.'),
  corsOrigins: originListSetting('CORS_ORIGINS', 'Origins allowed to call /api/v1/compress and /api/v1/limits from a browser (comma-separated, or *); empty turns CORS off.'),
  // Anonymous usage statistics, privacy rights and the operator dashboard (src/analytics/, src/privacy/, docs/privacy.md).
  statsEnabled: booleanSetting('STATS_ENABLED', true, 'Record anonymous usage statistics (one record per compression); false records nothing and the privacy page says so.'),
  statsDbPath: stringSetting('STATS_DB_PATH', 'data/stats.sqlite', 'SQLite file of the statistics (created with its folder on first start) when DATABASE_URL is empty.'),
  databaseUrl: secret(stringSetting('DATABASE_URL', '', 'PostgreSQL for the statistics (postgres:// or postgresql://), shared by several instances; empty uses the SQLite file.', /^(postgres(ql)?:\/\/.+)?$/, 'a postgres:// or postgresql:// URL'), 'url-credentials'),
  databaseTls: enumSetting('DATABASE_TLS', ['auto', 'off', 'verify', 'no-verify'], 'auto', 'TLS to PostgreSQL: auto follows the URL\'s sslmode, verify checks the certificate, no-verify only encrypts, off never.'),
  databaseTlsCaFile: stringSetting('DATABASE_TLS_CA_FILE', '', 'PEM file of the authority that signed PostgreSQL\'s certificate (with DATABASE_TLS=verify).'),
  statsRetentionMonths: integerSetting('STATS_RETENTION_MONTHS', 12, 1, 120, 'Statistics older than this many months are deleted, at start and then on a schedule; the privacy page shows it.'),
  statsPurgeIntervalMinutes: integerSetting('STATS_PURGE_INTERVAL_MINUTES', 60, 1, 10_080, 'How often expired statistics are deleted while the server runs.'),
  statsBufferMax: integerSetting('STATS_BUFFER_MAX', 10_000, 1, 1_000_000, 'Records waiting to be written at most; beyond that (store down or slow) new records are dropped and counted.'),
  statsBatchSize: integerSetting('STATS_BATCH_SIZE', 500, 1, 10_000, 'Records written to the store in one batch.'),
  statsFlushIntervalMs: integerSetting('STATS_FLUSH_INTERVAL_MS', 1_000, 10, 600_000, 'Waiting records are written at least this often.'),
  statsSecret: secret(stringSetting('STATS_SECRET', '', 'Key of the hash that turns session ids into session keys (32+ characters); empty creates one and keeps it in the store.', /^(.{32,})?$/, 'at least 32 characters'), 'value'),
  statsGeoip: booleanSetting('STATS_GEOIP', true, 'Estimate country, region, city and time zone from the IP address with the bundled DB-IP Lite database (the address is not kept).'),
  adminUser: stringSetting('ADMIN_USER', '', 'User name for the operator dashboard (/admin, HTTP Basic); with ADMIN_PASSWORD. Without credentials the dashboard is off.'),
  adminPassword: secret(stringSetting('ADMIN_PASSWORD', '', 'Password for ADMIN_USER, at least 12 characters.', /^(.{12,})?$/, 'at least 12 characters'), 'value'),
  adminToken: secret(stringSetting('ADMIN_TOKEN', '', 'Bearer token for the operator API (Authorization: Bearer …), at least 32 characters; an alternative to the password.', /^([\x21-\x7e]{32,})?$/, 'at least 32 printable characters without spaces'), 'value'),
  siteName: stringSetting('SITE_NAME', 'CompressorImage', 'Name of this service as the privacy policy and the dashboard show it.'),
  operatorName: stringSetting('OPERATOR_NAME', '', 'Who runs this service (a person or organisation), named in the privacy policy as the one responsible.'),
  privacyContactEmail: stringSetting('PRIVACY_CONTACT_EMAIL', '', 'E-mail address for privacy requests, shown in the privacy policy.', /^([^\s@]+@[^\s@]+\.[^\s@]+)?$/, 'an e-mail address'),
  privacyContactAddress: stringSetting('PRIVACY_CONTACT_ADDRESS', '', 'Postal address for privacy requests, shown in the privacy policy.'),
  hostingRegion: stringSetting('HOSTING_REGION', '', 'Where the server and its data are hosted (for example "Germany (EU)"), shown in the privacy policy.'),
  privacyPolicyUpdated: stringSetting('PRIVACY_POLICY_UPDATED', '', 'Last-updated date of the privacy policy (YYYY-MM-DD); empty uses the date of the policy text shipped with this version.', /^(\d{4}-\d{2}-\d{2})?$/, 'a date as YYYY-MM-DD'),
  privacyPolicyEffective: stringSetting('PRIVACY_POLICY_EFFECTIVE', '', 'Date from which the privacy policy applies (YYYY-MM-DD); empty uses the last-updated date.', /^(\d{4}-\d{2}-\d{2})?$/, 'a date as YYYY-MM-DD'),
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
      problems.push({ env: setting.env, message: `expected ${parsed.expected} for ${setting.env}, got ${shownValue(setting, raw)}` });
    } else {
      values[key] = parsed;
    }
  }
  problems.push(...crossCheck(values));
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(values) as Config;
}

/** Rules that involve more than one setting; values that failed to parse are simply absent. */
function crossCheck(values: Readonly<Record<string, unknown>>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if ((values.adminUser === '') !== (values.adminPassword === '')) {
    problems.push({ env: 'ADMIN_USER', message: 'expected both ADMIN_USER and ADMIN_PASSWORD, or neither' });
  }
  if (values.databaseTlsCaFile !== '' && values.databaseTlsCaFile !== undefined && values.databaseTls !== 'verify') {
    problems.push({ env: 'DATABASE_TLS_CA_FILE', message: 'expected DATABASE_TLS=verify with DATABASE_TLS_CA_FILE' });
  }
  if ((values.tlsCertFile === '') !== (values.tlsKeyFile === '')) {
    problems.push({ env: 'TLS_CERT_FILE', message: 'expected both TLS_CERT_FILE and TLS_KEY_FILE, or neither' });
  }
  if (values.httpRedirectPort !== 0 && values.tlsCertFile === '') {
    problems.push({ env: 'HTTP_REDIRECT_PORT', message: 'expected TLS_CERT_FILE and TLS_KEY_FILE with HTTP_REDIRECT_PORT (it redirects to HTTPS)' });
  }
  if (typeof values.httpRedirectPort === 'number' && values.httpRedirectPort !== 0 && values.httpRedirectPort === values.port) {
    problems.push({ env: 'HTTP_REDIRECT_PORT', message: 'expected HTTP_REDIRECT_PORT to differ from PORT' });
  }
  return problems;
}
