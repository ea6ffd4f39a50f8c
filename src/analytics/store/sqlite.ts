/**
 * The embedded store: one SQLite file (created with its folder on first start), WAL mode so the
 * dashboard's reads do not block the recorder's writes, and secure_delete so an erased or expired
 * record is overwritten in the file rather than left in a free page. After each erase or purge
 * the WAL is checkpointed and truncated, because until then the WAL still holds the deleted rows'
 * earlier page images and the main file their old pages (issue 15). The file, its WAL and its
 * shared-memory file are readable by their owner only (see owner-only.ts).
 *
 * better-sqlite3 is synchronous: each call holds the event loop for its duration. Writes are
 * batched (one transaction per batch) and the dashboard's queries read covering indexes, which
 * keeps both in the low milliseconds to a few hundred at a million records (bench:analytics).
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { EVENTS_TABLE, type StatEvent } from '../fields.js';
import { prepareOwnerOnlyFile } from './owner-only.js';
import { COLUMNS, eventFromRow, num, rowValues, selectList } from './rows.js';
import { SqliteReader } from './sqlite-reader.js';
import { SCHEMA_VERSION, sqliteSchema } from './schema.js';
import { DIMENSIONS, type CountRow, type Dimension, type FormatRow, type RatioRow, type StatsStore, type TimeRange, type TimelineRow, type Totals } from './store.js';

type Row = Record<string, unknown>;

/**
 * Ranges up to this long read the time index and then the few rows in range; longer ones read a
 * covering (dimension, time) index from end to end, which costs the same whatever the range.
 */
const SHORT_RANGE_MS = 2 * 86_400_000;

const BUSY_TIMEOUT_MS = 5000;

export class SqliteStore implements StatsStore {
  readonly kind = 'sqlite';
  readonly where: string;
  private db: Database.Database | undefined;
  private reader: SqliteReader | undefined;
  private backgroundListener: ((error: Error) => void) | undefined;

  constructor(private readonly file: string) {
    this.where = path.resolve(file);
  }

  private get open(): Database.Database {
    if (!this.db) throw new Error('the SQLite statistics store is not open');
    return this.db;
  }

  async init(): Promise<void> {
    if (this.db) return;
    // Before SQLite opens it: SQLite gives its -wal and -shm files the database file's mode.
    prepareOwnerOnlyFile(this.where);
    const db = new Database(this.where);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('secure_delete = ON');
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      // 64 MB of page cache: index upkeep on batch inserts stays in memory instead of re-reading pages.
      db.pragma('cache_size = -65536');
      db.transaction(() => {
        for (const sql of sqliteSchema()) db.exec(sql);
        db.prepare('INSERT OR IGNORE INTO stats_meta (name, value) VALUES (?, ?)').run('schema_version', SCHEMA_VERSION);
      })();
    } catch (error) {
      db.close();
      throw error;
    }
    this.db = db;
    this.reader = new SqliteReader(this.where, (error) => this.backgroundListener?.(error));
  }

  onBackgroundError(listener: (error: Error) => void): void {
    this.backgroundListener = listener;
  }

  /** Aggregates run on the reader thread; on the main connection only if that thread died. */
  private async read(sql: string, params: readonly unknown[] | Readonly<Record<string, unknown>>): Promise<Row[]> {
    const db = this.open;
    if (this.reader?.usable) return this.reader.all(sql, params);
    const statement = db.prepare(sql);
    return (Array.isArray(params) ? statement.all(...params) : statement.all(params)) as Row[];
  }

  private index(range: TimeRange, covering: string): string {
    return range.toMs - range.fromMs <= SHORT_RANGE_MS ? `${EVENTS_TABLE}_time` : covering;
  }

  async metaValue(name: string, create: () => string): Promise<string> {
    const db = this.open;
    db.prepare('INSERT OR IGNORE INTO stats_meta (name, value) VALUES (?, ?)').run(name, create());
    const row = db.prepare('SELECT value FROM stats_meta WHERE name = ?').get(name) as { value: string };
    return row.value;
  }

  private insertStatement: Database.Statement | undefined;

  async insert(events: readonly StatEvent[]): Promise<void> {
    const db = this.open;
    this.insertStatement ??= db.prepare(`INSERT INTO ${EVENTS_TABLE} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
    const statement = this.insertStatement;
    db.transaction(() => {
      for (const event of events) statement.run(rowValues(event));
    })();
    if (this.wipeOwed) this.wipe(db);
  }

  async bySession(sessionKey: string): Promise<StatEvent[]> {
    const rows = this.open.prepare(`SELECT ${selectList()} FROM ${EVENTS_TABLE} WHERE session_key = ? ORDER BY recorded_at`).all(sessionKey) as Row[];
    return rows.map(eventFromRow);
  }

  async eraseSession(sessionKey: string): Promise<number> {
    return this.deleteAndWipe(`DELETE FROM ${EVENTS_TABLE} WHERE session_key = ?`, sessionKey);
  }

  async purgeBefore(cutoffMs: number): Promise<number> {
    return this.deleteAndWipe(`DELETE FROM ${EVENTS_TABLE} WHERE recorded_at < ?`, cutoffMs);
  }

  /**
   * Deletes, then moves the zeroed pages (secure_delete) from the WAL into the file and empties
   * the WAL, so that neither file keeps a byte of the deleted rows. The rows are gone for every
   * reader at once; only their bytes may wait: if a dashboard read on the reader thread holds the
   * WAL at that moment, the wipe is retried after the next write, erase or purge (at most
   * STATS_PURGE_INTERVAL_MINUTES later) and at close.
   */
  private deleteAndWipe(sql: string, value: string | number): number {
    const db = this.open;
    const deleted = db.prepare(sql).run(value).changes;
    if (deleted > 0 || this.wipeOwed) this.wipe(db);
    return deleted;
  }

  private wipeOwed = false;

  private wipe(db: Database.Database): void {
    // Without waiting for a reader: better-sqlite3 is synchronous, so waiting here would hold the
    // event loop, and every compression, for as long as the dashboard's query runs.
    db.pragma('busy_timeout = 0');
    try {
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      this.wipeOwed = result?.busy !== 0;
    } finally {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  async count(): Promise<number> {
    return num((this.open.prepare(`SELECT count(*) AS n FROM ${EVENTS_TABLE}`).get() as Row).n);
  }

  async totals(range: TimeRange): Promise<Totals> {
    const [row = {}] = await this.read(`SELECT count(*) AS n, sum(original_bytes) AS o, sum(compressed_bytes) AS c FROM ${EVENTS_TABLE} WHERE recorded_at >= ? AND recorded_at < ?`, [
      range.fromMs,
      range.toMs,
    ]);
    return { count: num(row.n), originalBytes: num(row.o), compressedBytes: num(row.c) };
  }

  async timeline(range: TimeRange, bucketMs: number): Promise<TimelineRow[]> {
    const rows = await this.read(
      `SELECT (recorded_at / CAST(@bucket AS INTEGER)) * CAST(@bucket AS INTEGER) AS b, count(*) AS n, sum(original_bytes) AS o, sum(compressed_bytes) AS c
       FROM ${EVENTS_TABLE} WHERE recorded_at >= @from AND recorded_at < @to GROUP BY b ORDER BY b`,
      { bucket: bucketMs, from: range.fromMs, to: range.toMs },
    );
    return rows.map((r) => ({ startMs: num(r.b), count: num(r.n), originalBytes: num(r.o), compressedBytes: num(r.c) }));
  }

  async breakdown(dimension: Dimension, range: TimeRange, limit: number): Promise<CountRow[]> {
    const column = DIMENSIONS[dimension];
    const rows = await this.read(
      `SELECT ${column} AS v, count(*) AS n FROM ${EVENTS_TABLE} INDEXED BY ${this.index(range, `${EVENTS_TABLE}_by_${column}`)}
       WHERE recorded_at >= ? AND recorded_at < ? GROUP BY ${column} ORDER BY n DESC, v LIMIT ?`,
      [range.fromMs, range.toMs, limit],
    );
    return rows.map((r) => ({ value: r.v === null ? null : String(r.v), count: num(r.n) }));
  }

  async formatMix(range: TimeRange): Promise<FormatRow[]> {
    const rows = await this.read(
      `SELECT input_format AS i, output_format AS f, count(*) AS n, sum(original_bytes) AS o, sum(compressed_bytes) AS c
       FROM ${EVENTS_TABLE} INDEXED BY ${this.index(range, `${EVENTS_TABLE}_formats`)}
       WHERE recorded_at >= ? AND recorded_at < ? GROUP BY i, f ORDER BY n DESC`,
      [range.fromMs, range.toMs],
    );
    return rows.map((r) => ({ input: String(r.i), output: String(r.f), count: num(r.n), originalBytes: num(r.o), compressedBytes: num(r.c) }));
  }

  async ratioHistogram(range: TimeRange): Promise<RatioRow[]> {
    const rows = await this.read(
      `SELECT min(CAST(ratio * 10 AS INTEGER), 10) AS b, count(*) AS n FROM ${EVENTS_TABLE} INDEXED BY ${this.index(range, `${EVENTS_TABLE}_ratio`)}
       WHERE recorded_at >= ? AND recorded_at < ? GROUP BY b ORDER BY b`,
      [range.fromMs, range.toMs],
    );
    return rows.map((r) => ({ bucket: num(r.b), count: num(r.n) }));
  }

  async describe(): Promise<Record<string, string[]>> {
    const db = this.open;
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
    const out: Record<string, string[]> = {};
    for (const { name } of tables) {
      out[name] = (db.prepare('SELECT name FROM pragma_table_info(?)').all(name) as { name: string }[]).map((c) => c.name);
    }
    return out;
  }

  async close(): Promise<void> {
    const db = this.db;
    const reader = this.reader;
    this.db = undefined;
    this.reader = undefined;
    this.insertStatement = undefined;
    await reader?.close();
    if (db?.open) {
      // Folds the WAL back into the file so the database is one self-contained file at rest.
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    }
  }
}
