/**
 * Issue 15: an error that happens outside any call — here PostgreSQL closing an idle connection of
 * the store's pool, or the SQLite reader thread dying — is logged by the statistics service instead
 * of being swallowed.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { StatsService } from '../../src/analytics/service.js';
import type { Worker } from 'node:worker_threads';
import { PostgresStore } from '../../src/analytics/store/postgres.js';
import { SqliteStore } from '../../src/analytics/store/sqlite.js';
import { DATABASE_URL, tempDir, uniqueSchema, warnIfNoPostgres } from './support.js';

warnIfNoPostgres();

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

type Warning = { fields: object; message: string | undefined };

function serviceLoggingTo(store: PostgresStore | SqliteStore, warnings: Warning[]): StatsService {
  const log = { info: () => undefined, error: () => undefined, warn: (fields: object, message?: string) => warnings.push({ fields, message }) };
  return new StatsService({ store, log, bufferMax: 10, batchSize: 10, flushIntervalMs: 60_000, retentionMonths: 12, purgeIntervalMs: 3_600_000 });
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
}

describe('background errors of the statistics store', () => {
  it('logs the SQLite reader thread dying, and the dashboard reads go on', async () => {
    const { dir, remove } = tempDir();
    const store = new SqliteStore(`${dir}/stats.sqlite`);
    const warnings: Warning[] = [];
    serviceLoggingTo(store, warnings);
    cleanup = async () => {
      await store.close();
      remove();
    };
    await store.init();
    await (store['reader']!['worker'] as Worker).terminate();
    await until(() => warnings.length > 0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/a background connection failed/);
    expect(await store.totals({ fromMs: 0, toMs: Date.now() })).toMatchObject({ count: 0 });
    // Closing the store ends the thread on purpose: that is not logged.
    await store.close();
    expect(warnings).toHaveLength(1);
  });

  it.skipIf(DATABASE_URL === '')('logs a PostgreSQL connection that breaks while idle', async () => {
    const schema = uniqueSchema();
    const store = new PostgresStore({ url: DATABASE_URL, schema });
    const warnings: Warning[] = [];
    serviceLoggingTo(store, warnings);
    cleanup = async () => {
      await store.close();
      const dropper = new PostgresStore({ url: DATABASE_URL, schema });
      await dropper.dropSchema();
      await dropper.close();
    };
    await store.init();

    // One connection of this store's pool, left idle; then the server ends it from outside.
    const pool = store['pool'] as pg.Pool;
    const client = await pool.connect();
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    client.release();
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    } finally {
      await admin.end();
    }

    await until(() => warnings.length > 0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/a background connection failed/);
    expect(warnings[0]!.fields).toMatchObject({ err: expect.any(Error), store: store.where });
    // The store goes on working with a new connection.
    expect(await store.count()).toBe(0);
  });
});
