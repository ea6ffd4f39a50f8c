/** Shared helpers for the statistics tests: real stores (a temporary SQLite file, a PostgreSQL schema of its own). */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { StatEvent } from '../../src/analytics/fields.js';
import { PostgresStore } from '../../src/analytics/store/postgres.js';
import { SqliteStore } from '../../src/analytics/store/sqlite.js';
import type { StatsStore } from '../../src/analytics/store/store.js';

export const DATABASE_URL = process.env.DATABASE_URL ?? '';

/** Says, once per file, why the PostgreSQL half is skipped. */
export function warnIfNoPostgres(): void {
  if (DATABASE_URL === '') console.warn('DATABASE_URL is not set: the PostgreSQL store tests are skipped (.ci/run sets it).');
}

export interface StoreKit {
  readonly name: 'sqlite' | 'postgres';
  readonly available: boolean;
  /** A fresh, empty store; `cleanup` removes it and everything in it. */
  create(): Promise<{ store: StatsStore; file?: string; schema?: string; cleanup: () => Promise<void> }>;
}

export function tempDir(prefix = 'stats-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const sqliteKit: StoreKit = {
  name: 'sqlite',
  available: true,
  async create() {
    const { dir, remove } = tempDir();
    const file = path.join(dir, 'nested', 'stats.sqlite');
    const store = new SqliteStore(file);
    return {
      store,
      file,
      cleanup: async () => {
        await store.close();
        remove();
      },
    };
  },
};

export function uniqueSchema(): string {
  return `test_stats_${randomBytes(6).toString('hex')}`;
}

const postgresKit: StoreKit = {
  name: 'postgres',
  available: DATABASE_URL !== '',
  async create() {
    const schema = uniqueSchema();
    const store = new PostgresStore({ url: DATABASE_URL, schema });
    return {
      store,
      schema,
      cleanup: async () => {
        await store.close();
        // A store of its own: the test may have closed the first one already.
        const dropper = new PostgresStore({ url: DATABASE_URL, schema });
        await dropper.dropSchema();
        await dropper.close();
      },
    };
  },
};

export const KITS: readonly StoreKit[] = [sqliteKit, postgresKit];

export const KEY_A = 'a'.repeat(64);
export const KEY_B = 'b'.repeat(64);

export function event(overrides: Partial<Record<keyof StatEvent, string | number | null>> = {}): StatEvent {
  return {
    recordedAt: Date.UTC(2026, 10, 28, 12, 0, 0),
    originalBytes: 1000,
    compressedBytes: 250,
    inputFormat: 'png',
    outputFormat: 'webp',
    quality: '80',
    ratio: 0.25,
    country: 'DE',
    region: 'Bavaria',
    city: 'Munich',
    timeZone: 'Europe/Berlin',
    browser: 'Firefox',
    browserMajor: 128,
    os: 'Linux',
    device: 'desktop',
    referrerHost: 'example.org',
    language: 'de',
    sessionKey: KEY_A,
    ...overrides,
  } as StatEvent;
}
