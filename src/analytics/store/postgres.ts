/**
 * The scale-out store: PostgreSQL when DATABASE_URL is set, shared by every instance. Connections
 * can use TLS (P14): DATABASE_TLS=verify checks the server's certificate (against the system's
 * authorities or DATABASE_TLS_CA_FILE), no-verify encrypts without checking, auto follows the
 * URL's sslmode, off never encrypts.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import pg from 'pg';
import { EVENTS_TABLE, type StatEvent } from '../fields.js';
import { COLUMNS, eventFromRow, num, rowValues, selectList } from './rows.js';
import { SCHEMA_VERSION, postgresSchema } from './schema.js';
import { DIMENSIONS, type CountRow, type Dimension, type FormatRow, type RatioRow, type StatsStore, type TimeRange, type TimelineRow, type Totals } from './store.js';

type DatabaseTls = 'auto' | 'off' | 'verify' | 'no-verify';

export interface PostgresStoreOptions {
  readonly url: string;
  readonly tls?: DatabaseTls;
  /** PEM file of the authority that signed the server's certificate (with tls=verify). */
  readonly caFile?: string;
  /** The schema holding the tables; `public` unless a test isolates itself. */
  readonly schema?: string;
  readonly connectTimeoutMs?: number;
  readonly poolSize?: number;
}

/** The pool's TLS option; with an explicit choice the URL's sslmode is removed so it cannot override it. */
export function connectionConfig(options: PostgresStoreOptions): pg.PoolConfig {
  const tls = options.tls ?? 'auto';
  if (tls === 'auto') return { connectionString: options.url };
  const url = new URL(options.url);
  for (const key of ['sslmode', 'ssl', 'sslcert', 'sslkey', 'sslrootcert']) url.searchParams.delete(key);
  let ssl: boolean | ConnectionOptions = false;
  if (tls === 'verify') ssl = options.caFile ? { rejectUnauthorized: true, ca: readFileSync(options.caFile, 'utf8') } : { rejectUnauthorized: true };
  if (tls === 'no-verify') ssl = { rejectUnauthorized: false };
  return { connectionString: url.toString(), ssl };
}

/** host:port/database, never the user or password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgresql://${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    // The setting was checked at start; this text is only for a log line, which must not echo it.
    return 'postgresql (unparseable DATABASE_URL)';
  }
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a safe schema name: ${name}`);
  return `"${name}"`;
}

/** Rows per INSERT statement: 18 columns × 1000 rows stays well under PostgreSQL's 65535 parameters. */
const INSERT_CHUNK = 1000;

export class PostgresStore implements StatsStore {
  readonly kind = 'postgres';
  readonly where: string;
  private readonly pool: pg.Pool;
  private readonly schema: string;
  private readonly table: string;
  private readonly schemaName: string;
  private backgroundListener: ((error: Error) => void) | undefined;

  constructor(options: PostgresStoreOptions) {
    this.where = describeUrl(options.url);
    this.schemaName = options.schema ?? 'public';
    this.schema = quoteIdent(this.schemaName);
    this.table = `${this.schema}.${EVENTS_TABLE}`;
    this.pool = new pg.Pool({
      ...connectionConfig(options),
      max: options.poolSize ?? 4,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
      idleTimeoutMillis: 30_000,
      application_name: 'compressorimage-stats',
    });
    // An idle connection that breaks (server restart) must not crash the process; the next
    // query reconnects or fails and is handled there. The error itself goes to the service's log.
    this.pool.on('error', (error) => this.backgroundListener?.(error));
  }

  onBackgroundError(listener: (error: Error) => void): void {
    this.backgroundListener = listener;
  }

  private async query(sql: string, params: unknown[] = []): Promise<pg.QueryResult<Record<string, unknown>>> {
    return this.pool.query(sql, params);
  }

  async init(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Instances starting together take turns creating the schema.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('compressorimage-stats-schema'))");
      for (const sql of postgresSchema(this.schema)) await client.query(sql);
      await client.query(`INSERT INTO ${this.schema}.stats_meta (name, value) VALUES ('schema_version', $1) ON CONFLICT (name) DO NOTHING`, [SCHEMA_VERSION]);
      await client.query('COMMIT');
    } catch (error) {
      // The schema error is what the caller needs and gets; a failed ROLLBACK only means the
      // connection is broken, and the pool discards it on release.
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async metaValue(name: string, create: () => string): Promise<string> {
    await this.query(`INSERT INTO ${this.schema}.stats_meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [name, create()]);
    const result = await this.query(`SELECT value FROM ${this.schema}.stats_meta WHERE name = $1`, [name]);
    return String(result.rows[0]?.value);
  }

  async insert(events: readonly StatEvent[]): Promise<void> {
    const timestampIndex = COLUMNS.indexOf('recorded_at');
    for (let start = 0; start < events.length; start += INSERT_CHUNK) {
      const chunk = events.slice(start, start + INSERT_CHUNK);
      const params: unknown[] = [];
      const tuples = chunk.map((event) => {
        const values = rowValues(event);
        const placeholders = values.map((value, i) => {
          params.push(value);
          return i === timestampIndex ? `to_timestamp($${params.length}::double precision / 1000)` : `$${params.length}`;
        });
        return `(${placeholders.join(', ')})`;
      });
      await this.query(`INSERT INTO ${this.table} (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`, params);
    }
  }

  private readonly epochMs = (column: string): string => `(extract(epoch from ${column}) * 1000)::bigint`;

  async bySession(sessionKey: string): Promise<StatEvent[]> {
    const result = await this.query(`SELECT ${selectList(this.epochMs)} FROM ${this.table} WHERE session_key = $1 ORDER BY recorded_at`, [sessionKey]);
    return result.rows.map(eventFromRow);
  }

  async eraseSession(sessionKey: string): Promise<number> {
    return (await this.query(`DELETE FROM ${this.table} WHERE session_key = $1`, [sessionKey])).rowCount ?? 0;
  }

  async purgeBefore(cutoffMs: number): Promise<number> {
    return (await this.query(`DELETE FROM ${this.table} WHERE recorded_at < to_timestamp($1::double precision / 1000)`, [cutoffMs])).rowCount ?? 0;
  }

  async count(): Promise<number> {
    return num((await this.query(`SELECT count(*) AS n FROM ${this.table}`)).rows[0]?.n);
  }

  private readonly inRange = 'recorded_at >= to_timestamp($1::double precision / 1000) AND recorded_at < to_timestamp($2::double precision / 1000)';

  async totals(range: TimeRange): Promise<Totals> {
    const row = (
      await this.query(`SELECT count(*) AS n, sum(original_bytes) AS o, sum(compressed_bytes) AS c FROM ${this.table} WHERE ${this.inRange}`, [range.fromMs, range.toMs])
    ).rows[0];
    return { count: num(row?.n), originalBytes: num(row?.o), compressedBytes: num(row?.c) };
  }

  async timeline(range: TimeRange, bucketMs: number): Promise<TimelineRow[]> {
    // Hours and days (what the dashboard asks for) group by date_trunc, much cheaper per row
    // than epoch arithmetic; other bucket sizes fall back to it.
    const unit = bucketMs === 3_600_000 ? 'hour' : bucketMs === 86_400_000 ? 'day' : undefined;
    const bucket = unit
      ? `date_trunc('${unit}', recorded_at AT TIME ZONE 'UTC')`
      : `to_timestamp(floor(extract(epoch from recorded_at) * 1000 / ${Math.trunc(bucketMs)}) * ${Math.trunc(bucketMs)} / 1000.0) AT TIME ZONE 'UTC'`;
    const result = await this.query(
      `SELECT (extract(epoch from t) * 1000)::bigint AS b, n, o, c FROM (
         SELECT ${bucket} AS t, count(*) AS n, sum(original_bytes) AS o, sum(compressed_bytes) AS c
         FROM ${this.table} WHERE ${this.inRange} GROUP BY 1) buckets ORDER BY 1`,
      [range.fromMs, range.toMs],
    );
    return result.rows.map((r) => ({ startMs: num(r.b), count: num(r.n), originalBytes: num(r.o), compressedBytes: num(r.c) }));
  }

  async breakdown(dimension: Dimension, range: TimeRange, limit: number): Promise<CountRow[]> {
    const column = DIMENSIONS[dimension];
    const result = await this.query(
      `SELECT ${column} AS v, count(*) AS n FROM ${this.table} WHERE ${this.inRange} GROUP BY ${column} ORDER BY n DESC, v LIMIT $3`,
      [range.fromMs, range.toMs, limit],
    );
    return result.rows.map((r) => ({ value: r.v === null ? null : String(r.v), count: num(r.n) }));
  }

  async formatMix(range: TimeRange): Promise<FormatRow[]> {
    const result = await this.query(
      `SELECT input_format AS i, output_format AS f, count(*) AS n, sum(original_bytes) AS o, sum(compressed_bytes) AS c
       FROM ${this.table} WHERE ${this.inRange} GROUP BY i, f ORDER BY n DESC`,
      [range.fromMs, range.toMs],
    );
    return result.rows.map((r) => ({ input: String(r.i), output: String(r.f), count: num(r.n), originalBytes: num(r.o), compressedBytes: num(r.c) }));
  }

  async ratioHistogram(range: TimeRange): Promise<RatioRow[]> {
    const result = await this.query(
      `SELECT least(floor(ratio * 10)::int, 10) AS b, count(*) AS n FROM ${this.table} WHERE ${this.inRange} GROUP BY b ORDER BY b`,
      [range.fromMs, range.toMs],
    );
    return result.rows.map((r) => ({ bucket: num(r.b), count: num(r.n) }));
  }

  async describe(): Promise<Record<string, string[]>> {
    const result = await this.query(
      'SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position',
      [this.schemaName],
    );
    const out: Record<string, string[]> = {};
    for (const row of result.rows) (out[String(row.t)] ??= []).push(String(row.c));
    return out;
  }

  /** VACUUM ANALYZE of the records table, as autovacuum would do (used after bulk loads). */
  async maintain(): Promise<void> {
    await this.query(`VACUUM ANALYZE ${this.table}`);
  }

  /** Drops the schema and everything in it (test isolation only). */
  async dropSchema(): Promise<void> {
    await this.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
  }

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
