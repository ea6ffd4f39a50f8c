/**
 * Buffered batch writes (issue 5): bounded buffer, drop-and-count when the store is down, nothing
 * lost on a clean shutdown. Real stores: a SQLite file, and PostgreSQL on a port nobody listens on.
 */
import { describe, expect, it } from 'vitest';
import { StatsService, type PendingRecord } from '../../src/analytics/service.js';
import { PostgresStore } from '../../src/analytics/store/postgres.js';
import { SqliteStore } from '../../src/analytics/store/sqlite.js';
import { event, sqliteKit, tempDir } from './support.js';
import path from 'node:path';

function pending(n: number): PendingRecord {
  const { sessionKey: _key, ...fields } = event({ recordedAt: Date.UTC(2026, 0, 1) + n });
  return { sessionId: 'A'.repeat(24), fields };
}

const options = { bufferMax: 5, batchSize: 2, flushIntervalMs: 60_000, retentionMonths: 12, purgeIntervalMs: 3_600_000, now: () => Date.UTC(2026, 0, 2) };

describe('recording', () => {
  it('writes in batches and flushes everything on close', async () => {
    const { dir, remove } = tempDir();
    const file = path.join(dir, 'stats.sqlite');
    const service = new StatsService({ store: new SqliteStore(file), ...options });
    await service.start();
    for (let i = 0; i < 3; i += 1) service.record(pending(i));
    await service.close();
    expect(service.counters()).toMatchObject({ written: 3, pending: 0, droppedBufferFull: 0, droppedStoreDown: 0 });
    const reopened = new SqliteStore(file);
    await reopened.init();
    expect(await reopened.count()).toBe(3);
    await reopened.close();
    remove();
  });

  it('keeps the buffer bounded: beyond STATS_BUFFER_MAX records are dropped and counted', async () => {
    const made = await sqliteKit.create();
    // A batch size above the buffer size: nothing is written before the explicit flush.
    const service = new StatsService({ store: made.store, ...options, batchSize: 100 });
    await service.start();
    for (let i = 0; i < 8; i += 1) service.record(pending(i));
    expect(service.counters()).toMatchObject({ pending: 5, droppedBufferFull: 3 });
    await service.flush();
    expect(service.counters()).toMatchObject({ pending: 0, written: 5 });
    await service.close();
    await made.cleanup();
  });

  it('drops and counts when the store is down, and never throws at the caller', async () => {
    const store = new PostgresStore({ url: 'postgres://nobody@127.0.0.1:1/none', connectTimeoutMs: 500 });
    const service = new StatsService({ store, ...options });
    await service.start(); // logs, does not throw
    expect(service.counters().store).toBe('unavailable');
    for (let i = 0; i < 3; i += 1) service.record(pending(i));
    await service.flush();
    // Failed batches are dropped and counted; a flush stops after a failure, so some may wait.
    const afterFlush = service.counters();
    expect(afterFlush.written).toBe(0);
    expect(afterFlush.droppedStoreDown).toBeGreaterThanOrEqual(2);
    expect(afterFlush.droppedStoreDown + afterFlush.pending).toBe(3);
    service.record(pending(3));
    await service.close();
    expect(service.counters()).toMatchObject({ written: 0, droppedStoreDown: 4, pending: 0 });
    await expect(service.mine('A'.repeat(24))).rejects.toMatchObject({ code: 'STATS_UNAVAILABLE' });
  });
});
