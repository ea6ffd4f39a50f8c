/**
 * The SQLite store at rest (issue 15): once a session is erased (P16) or its records pass the
 * retention period (P10), no byte of them is left in the database file, its WAL or its shared
 * memory file, even while the server keeps running; and the files are readable by their owner
 * only. The scan reads the raw bytes of the files, as anyone who copied them could.
 */
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StatsService } from '../../src/analytics/service.js';
import { SqliteStore } from '../../src/analytics/store/sqlite.js';
import { KEY_A, KEY_B, event, tempDir } from './support.js';

const NOW = Date.UTC(2026, 10, 28, 12, 30, 0);
const DAY = 86_400_000;
/** Text no other record holds, in two fields that the dashboard's covering indexes also copy. */
const CANARY = 'Canaryville-7f3a9c1e';
const CANARY_SITE = 'canary-7f3a9c1e.example';

function filesOf(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`];
}

/** The files of the database that exist, each with whether the canary's bytes are in it. */
function canaryScan(file: string): Record<string, boolean> {
  const found: Record<string, boolean> = {};
  for (const f of filesOf(file)) {
    if (!existsSync(f)) continue;
    const bytes = readFileSync(f);
    found[path.basename(f)] = bytes.includes(CANARY) || bytes.includes(CANARY_SITE);
  }
  return found;
}

describe('SQLite statistics file at rest', () => {
  let cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups) await c();
    cleanups = [];
  });

  async function openStore(): Promise<{ store: SqliteStore; file: string }> {
    const { dir, remove } = tempDir();
    const file = path.join(dir, 'data', 'stats.sqlite');
    const store = new SqliteStore(file);
    cleanups.push(async () => {
      await store.close();
      remove();
    });
    await store.init();
    return { store, file };
  }

  /** Many ordinary records around a few canary ones, so the canary shares pages with records that stay. */
  async function fill(store: SqliteStore, canaryAt: number): Promise<void> {
    const others = Array.from({ length: 400 }, (_, i) => event({ recordedAt: NOW - i * 1000, sessionKey: KEY_B }));
    const canaries = Array.from({ length: 3 }, (_, i) => event({ recordedAt: canaryAt + i, city: CANARY, referrerHost: CANARY_SITE }));
    await store.insert([...others.slice(0, 200), ...canaries, ...others.slice(200)]);
    // The dashboard has read them too (its own connection, on the reader thread).
    const range = { fromMs: canaryAt - DAY * 400, toMs: NOW + DAY };
    expect((await store.breakdown('referrerHost', range, 10)).map((r) => r.value)).toContain(CANARY_SITE);
  }

  it('keeps no byte of an erased session in the file, its WAL or its shared memory (P16)', async () => {
    const { store, file } = await openStore();
    await fill(store, NOW - 5000);
    expect(Object.values(canaryScan(file))).toContain(true); // the scan does see stored text

    expect(await store.eraseSession(KEY_A)).toBe(3);
    expect(await store.count()).toBe(400);
    expect(Object.entries(canaryScan(file)).filter(([, found]) => found)).toEqual([]);
  });

  it('keeps no byte of records past the retention period after the purge (P10)', async () => {
    const { store, file } = await openStore();
    await fill(store, NOW - 400 * DAY);
    expect(Object.values(canaryScan(file))).toContain(true);

    const service = new StatsService({ store, bufferMax: 10, batchSize: 10, flushIntervalMs: 60_000, retentionMonths: 12, purgeIntervalMs: 3_600_000, now: () => NOW });
    expect(await service.purge()).toBe(3);
    expect(Object.entries(canaryScan(file)).filter(([, found]) => found)).toEqual([]);
  });

  it('wipes on the next write when a reader still held the WAL at the erase', async () => {
    const { store, file } = await openStore();
    await fill(store, NOW - 5000);
    // Another connection in the middle of a read: the checkpoint cannot empty the WAL under it.
    const reader = new Database(file, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM stat_events').get();
    try {
      expect(await store.eraseSession(KEY_A)).toBe(3);
      expect(canaryScan(file)['stats.sqlite-wal']).toBe(true);
    } finally {
      reader.exec('COMMIT');
      reader.close();
    }
    await store.insert([event({ sessionKey: KEY_B })]);
    expect(Object.entries(canaryScan(file)).filter(([, found]) => found)).toEqual([]);
  });

  it('creates the database and its WAL and shared-memory files readable and writable by their owner only', async () => {
    const { store, file } = await openStore();
    await store.insert([event()]);
    for (const f of filesOf(file)) {
      expect(existsSync(f), f).toBe(true);
      expect((statSync(f).mode & 0o777).toString(8), path.basename(f)).toBe('600');
    }
    expect((statSync(path.dirname(file)).mode & 0o777).toString(8)).toBe('700');
  });

  it('takes away the group and other permissions of a database file an older version created', async () => {
    const { dir, remove } = tempDir();
    const file = path.join(dir, 'stats.sqlite');
    // As an older version left it after a crash: the file and a WAL with pages in it, all 0644.
    const older = new Database(file);
    older.pragma('journal_mode = WAL');
    older.exec('CREATE TABLE earlier (x TEXT); INSERT INTO earlier VALUES (1)');
    for (const f of filesOf(file)) chmodSync(f, 0o644);
    const store = new SqliteStore(file);
    cleanups.push(async () => {
      await store.close();
      older.close();
      remove();
    });
    await store.init();
    await store.insert([event()]);
    for (const f of filesOf(file)) expect((statSync(f).mode & 0o777).toString(8), path.basename(f)).toBe('600');
  });
});
