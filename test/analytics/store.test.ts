/**
 * One suite, both stores (issue 5): SQLite always, PostgreSQL when DATABASE_URL is set (skipped
 * visibly otherwise). Round trip, rights, retention with an injected clock, the dashboard's
 * aggregates, and the secret's first-writer-wins.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StatsService } from '../../src/analytics/service.js';
import type { StatsStore } from '../../src/analytics/store/store.js';
import { KEY_A, KEY_B, KITS, event, warnIfNoPostgres } from './support.js';

warnIfNoPostgres();

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 28, 12, 30, 0);

describe.each(KITS)('$name store', (kit) => {
  let cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups) await c();
    cleanups = [];
  });

  async function fresh(): Promise<{ store: StatsStore; file?: string }> {
    const made = await kit.create();
    cleanups.push(made.cleanup);
    await made.store.init();
    return made;
  }

  it.skipIf(!kit.available)('creates its schema once, idempotently, and returns exactly what it stored', async () => {
    const { store, file } = await fresh();
    await store.init();
    if (file) {
      expect(existsSync(file)).toBe(true);
      const db = new Database(file, { readonly: true });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
    }
    const a = event({ recordedAt: NOW - 1000, city: 'São Paulo', country: 'BR', browserMajor: null, referrerHost: null });
    const b = event({ recordedAt: NOW, sessionKey: KEY_B, quality: 'auto' });
    await store.insert([a, b]);
    expect(await store.bySession(KEY_A)).toEqual([a]);
    expect(await store.bySession(KEY_B)).toEqual([b]);
    expect(await store.count()).toBe(2);
  });

  it.skipIf(!kit.available)('erases one session and leaves the others', async () => {
    const { store } = await fresh();
    await store.insert([event(), event({ recordedAt: NOW + 1 }), event({ sessionKey: KEY_B })]);
    expect(await store.eraseSession(KEY_A)).toBe(2);
    expect(await store.bySession(KEY_A)).toEqual([]);
    expect(await store.bySession(KEY_B)).toHaveLength(1);
  });

  it.skipIf(!kit.available)('keeps the first secret written (instances sharing a store agree)', async () => {
    const { store } = await fresh();
    const first = await store.metaValue('session_key_secret', () => 'first');
    const second = await store.metaValue('session_key_secret', () => 'second');
    expect(first).toBe('first');
    expect(second).toBe('first');
  });

  it.skipIf(!kit.available)('deletes records past the retention period at start and on demand, by an injected clock (P10)', async () => {
    const { store } = await fresh();
    const monthsAgo = (m: number, extraMs = 0) => Date.UTC(2026, 10 - m, 28, 12, 30, 0) + extraMs;
    await store.insert([
      event({ recordedAt: monthsAgo(13) }),
      event({ recordedAt: monthsAgo(12, -1) }), // one ms too old
      event({ recordedAt: monthsAgo(12, 1) }), // one ms young enough
      event({ recordedAt: monthsAgo(1) }),
    ]);
    let now = NOW;
    const service = new StatsService({ store, bufferMax: 10, batchSize: 10, flushIntervalMs: 60_000, retentionMonths: 12, purgeIntervalMs: 3_600_000, now: () => now });
    await service.start(); // purges at start
    expect((await store.bySession(KEY_A)).map((e) => e.recordedAt)).toEqual([monthsAgo(12, 1), monthsAgo(1)]);
    now = NOW + 30 * DAY; // a month later the scheduled purge removes the next one
    expect(await service.purge()).toBe(1);
    expect((await store.bySession(KEY_A)).map((e) => e.recordedAt)).toEqual([monthsAgo(1)]);
    // The service closes the store; the kit's cleanup tolerates that.
    await service.close();
  });

  it.skipIf(!kit.available)('aggregates the dashboard numbers over a range and nothing outside it', async () => {
    const { store } = await fresh();
    const hour = 3_600_000;
    const base = Math.floor(NOW / hour) * hour;
    await store.insert([
      event({ recordedAt: base + 5, originalBytes: 1000, compressedBytes: 250, ratio: 0.25, country: 'DE', browser: 'Firefox', quality: '80' }),
      event({ recordedAt: base + 10, originalBytes: 2000, compressedBytes: 1000, ratio: 0.5, country: 'DE', browser: 'Chrome', quality: 'auto', inputFormat: 'jpeg', outputFormat: 'avif' }),
      event({ recordedAt: base - hour, originalBytes: 500, compressedBytes: 500, ratio: 1, country: 'FR', browser: 'Chrome', quality: 'default', referrerHost: null }),
      event({ recordedAt: base - 3 * DAY, originalBytes: 99, compressedBytes: 1, ratio: 0.01, country: 'US' }), // outside
    ]);
    const range = { fromMs: base - 2 * hour, toMs: base + hour };
    expect(await store.totals(range)).toEqual({ count: 3, originalBytes: 3500, compressedBytes: 1750 });
    expect(await store.timeline(range, hour)).toEqual([
      { startMs: base - hour, count: 1, originalBytes: 500, compressedBytes: 500 },
      { startMs: base, count: 2, originalBytes: 3000, compressedBytes: 1250 },
    ]);
    expect(await store.breakdown('country', range, 10)).toEqual([
      { value: 'DE', count: 2 },
      { value: 'FR', count: 1 },
    ]);
    expect(await store.breakdown('browser', range, 1)).toEqual([{ value: 'Chrome', count: 2 }]);
    expect(await store.breakdown('referrerHost', range, 10)).toEqual([
      { value: 'example.org', count: 2 },
      { value: null, count: 1 },
    ]);
    expect(await store.formatMix(range)).toEqual([
      { input: 'png', output: 'webp', count: 2, originalBytes: 1500, compressedBytes: 750 },
      { input: 'jpeg', output: 'avif', count: 1, originalBytes: 2000, compressedBytes: 1000 },
    ]);
    expect(await store.ratioHistogram(range)).toEqual([
      { bucket: 2, count: 1 },
      { bucket: 5, count: 1 },
      { bucket: 10, count: 1 },
    ]);
  });
});
