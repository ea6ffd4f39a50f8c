/**
 * bench:analytics — do the operator dashboard's queries stay fast as the statistics grow (issue 5)?
 *
 * Loads one million synthetic records (spread over the last 12 months, most of them recent) into
 * a fresh SQLite file, and into a PostgreSQL schema of its own when DATABASE_URL is set, then
 * times every dashboard query for each range (24 h, 30 days, 12 months): the median of 3 runs
 * after one warm-up. Each time is also shown against a baseline measured in the same run on the
 * same store (a plain `count(*)` over the whole table). Target: every query under 500 ms on SQLite.
 *
 *   npm run bench:analytics                 # 1,000,000 records
 *   npm run bench:analytics -- --events 200000
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { dashboardQueries, type RawAggregates } from '../src/analytics/admin/dashboard-data.js';
import { DAY, RANGE_NAMES, dashboardRange } from '../src/analytics/admin/ranges.js';
import type { StatEvent } from '../src/analytics/fields.js';
import { PostgresStore } from '../src/analytics/store/postgres.js';
import { SqliteStore } from '../src/analytics/store/sqlite.js';
import type { StatsStore } from '../src/analytics/store/store.js';
import { validateEvent } from '../src/analytics/validate.js';

const TARGET_MS = 500;
const BATCH = 5_000;

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const EVENTS = Number(argValue('--events') ?? 1_000_000);

/** A small deterministic generator (mulberry32), so every run loads the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(rand: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r <= 0) return item;
  }
  return (items[items.length - 1] as readonly [T, number])[0];
}

const COUNTRIES = [['US', 30], ['DE', 14], ['IN', 10], ['GB', 8], ['FR', 7], ['BR', 6], ['JP', 5], ['CA', 4], ['NL', 3], ['ES', 3], ['IT', 3], ['PL', 2], ['SE', 2], ['AU', 2], ['MX', 2], [null, 3]] as const;
const CITIES: Record<string, readonly [string, string, string]> = {
  US: ['California', 'San Francisco', 'America/Los_Angeles'], DE: ['Bavaria', 'Munich', 'Europe/Berlin'], IN: ['Karnataka', 'Bengaluru', 'Asia/Kolkata'],
  GB: ['England', 'London', 'Europe/London'], FR: ['Île-de-France', 'Paris', 'Europe/Paris'], BR: ['São Paulo', 'São Paulo', 'America/Sao_Paulo'],
  JP: ['Tokyo', 'Tokyo', 'Asia/Tokyo'], CA: ['Ontario', 'Toronto', 'America/Toronto'], NL: ['North Holland', 'Amsterdam', 'Europe/Amsterdam'],
};
const BROWSERS = [['Chrome', 45], ['Safari', 15], ['Mobile Safari', 12], ['Firefox', 10], ['Edge', 9], ['Samsung Browser', 3], ['Opera', 2], [null, 4]] as const;
const OSES = [['Windows', 40], ['Mac OS', 18], ['Android', 18], ['iOS', 14], ['Linux', 7], [null, 3]] as const;
const DEVICES = [['desktop', 62], ['mobile', 30], ['tablet', 5], ['other', 3]] as const;
const LANGUAGES = [['en', 50], ['de', 12], ['fr', 7], ['es', 7], ['pt', 5], ['ja', 4], ['hi', 3], ['it', 3], ['nl', 2], ['pl', 2], [null, 5]] as const;
const REFERRERS = [[null, 60], ['www.google.com', 15], ['duckduckgo.com', 5], ['github.com', 5], ['news.ycombinator.com', 3], ['www.reddit.com', 3], ...Array.from({ length: 40 }, (_, i) => [`blog${i}.example.org`, 0.2] as const)] as const;
const FORMATS: readonly (readonly [readonly [string, string], number])[] = [[['jpeg', 'jpeg'], 30], [['png', 'png'], 20], [['png', 'webp'], 15], [['jpeg', 'webp'], 12], [['jpeg', 'avif'], 6], [['png', 'avif'], 5], [['webp', 'webp'], 5], [['gif', 'gif'], 2], [['tiff', 'jpeg'], 1], [['avif', 'avif'], 4]] as const;

function makeEvents(count: number, nowMs: number): StatEvent[] {
  const rand = random(20261128);
  const sessions = Array.from({ length: Math.max(1, Math.floor(count / 4)) }, () => randomBytes(32).toString('hex'));
  const events: StatEvent[] = [];
  for (let i = 0; i < count; i += 1) {
    // Most records are recent: the age in days follows a skewed distribution over 365 days.
    const ageMs = Math.floor(rand() ** 2.5 * 365 * DAY);
    const country = weighted(rand, COUNTRIES);
    const place = country ? CITIES[country] : undefined;
    const [input, output] = weighted(rand, FORMATS);
    const original = Math.floor(20_000 + rand() ** 2 * 8_000_000);
    const ratio = Math.min(1, 0.05 + rand() * rand() * 1.1);
    const browser = weighted(rand, BROWSERS);
    const q = rand();
    events.push(
      validateEvent({
        recordedAt: nowMs - ageMs,
        originalBytes: original,
        compressedBytes: Math.round(original * ratio),
        inputFormat: input,
        outputFormat: output,
        quality: q < 0.4 ? 'default' : q < 0.6 ? 'auto' : String(40 + Math.floor(rand() * 60)),
        ratio: Math.round(ratio * 10_000) / 10_000,
        country,
        region: place?.[0] ?? null,
        city: place?.[1] ?? null,
        timeZone: place?.[2] ?? null,
        browser,
        browserMajor: browser ? 100 + Math.floor(rand() * 30) : null,
        os: weighted(rand, OSES),
        device: weighted(rand, DEVICES),
        referrerHost: weighted(rand, REFERRERS),
        language: weighted(rand, LANGUAGES),
        sessionKey: sessions[Math.floor(rand() * sessions.length)] as string,
      }),
    );
  }
  // Records reach the store in time order in production; loading them so keeps the table's
  // physical order (and the index upkeep) realistic.
  return events.sort((a, b) => a.recordedAt - b.recordedAt);
}

async function timeIt(fn: () => Promise<unknown>, runs = 3): Promise<number> {
  await fn(); // warm-up: page cache, prepared statements, plans
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const pad = (s: string, n: number): string => s.padEnd(n);
const num = (ms: number): string => ms.toFixed(1).padStart(9);

async function benchStore(label: string, store: StatsStore, events: readonly StatEvent[], nowMs: number): Promise<boolean> {
  await store.init();
  const loadStart = performance.now();
  for (let i = 0; i < events.length; i += BATCH) await store.insert(events.slice(i, i + BATCH));
  const loadMs = performance.now() - loadStart;
  // What PostgreSQL's autovacuum does soon after a bulk load in production: statistics for the
  // planner and a visibility map, so that counts can be answered from the indexes alone.
  if (store instanceof PostgresStore) await store.maintain();
  console.log(`\n${label}: loaded ${(await store.count()).toLocaleString('en')} records in ${(loadMs / 1000).toFixed(1)} s (${Math.round(events.length / (loadMs / 1000)).toLocaleString('en')} records/s)`);

  const everything = { fromMs: 0, toMs: nowMs + DAY };
  const baseline = await timeIt(() => store.totals(everything));
  console.log(`baseline (count and sums over the whole table): ${baseline.toFixed(1)} ms\n`);
  console.log(`${pad('range', 6)} ${pad('query', 26)} ${'ms'.padStart(9)} ${'× base'.padStart(8)}  target`);
  let ok = true;
  for (const name of RANGE_NAMES) {
    const range = dashboardRange(name, nowMs);
    let total = 0;
    for (const query of dashboardQueries(store, range)) {
      const sink: RawAggregates = { totals: { count: 0, originalBytes: 0, compressedBytes: 0 }, timeline: [], formats: [], ratios: [], breakdowns: {} };
      const ms = await timeIt(() => query.run(sink));
      total += ms;
      const pass = ms < TARGET_MS;
      ok &&= pass;
      console.log(`${pad(name, 6)} ${pad(query.name, 26)} ${num(ms)} ${(ms / baseline).toFixed(2).padStart(8)}  ${pass ? 'ok' : `OVER ${TARGET_MS} ms`}`);
    }
    console.log(`${pad(name, 6)} ${pad('(whole dashboard)', 26)} ${num(total)}`);
  }
  return ok;
}

async function main(): Promise<void> {
  const nowMs = Date.now();
  console.log(`bench:analytics — ${EVENTS.toLocaleString('en')} synthetic records over 12 months; median of 3 runs after a warm-up`);
  const genStart = performance.now();
  const events = makeEvents(EVENTS, nowMs);
  console.log(`generated and validated in ${((performance.now() - genStart) / 1000).toFixed(1)} s`);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-analytics-'));
  const file = path.join(dir, 'stats.sqlite');
  const sqlite = new SqliteStore(file);
  let sqliteOk = false;
  try {
    sqliteOk = await benchStore('SQLite', sqlite, events, nowMs);
    await sqlite.close();
    console.log(`SQLite file: ${(statSync(file).size / 1024 ** 2).toFixed(0)} MB`);
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const url = process.env.DATABASE_URL ?? '';
  if (url === '') {
    console.log('\nPostgreSQL: skipped (DATABASE_URL is not set).');
  } else {
    const schema = `bench_stats_${randomBytes(4).toString('hex')}`;
    const postgres = new PostgresStore({ url, schema, poolSize: 2 });
    try {
      await benchStore('PostgreSQL', postgres, events, nowMs);
    } finally {
      await postgres.dropSchema().catch(() => undefined);
      await postgres.close();
    }
  }
  console.log(`\nSQLite: ${sqliteOk ? `every query under ${TARGET_MS} ms` : `SOME QUERIES OVER ${TARGET_MS} ms`}`);
}

await main();
