/**
 * Through the HTTP API (issue 5, P6–P9, P11, P17): a compression with a given user agent,
 * Accept-Language, Referer and trusted proxy location headers stores exactly the expected record
 * and nothing more; the client's IP and a canary file name appear nowhere in the SQLite file or
 * in PostgreSQL; GPC and DNT; the cookie's attributes; the store-down path; flush on shutdown.
 */
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENTS_TABLE, FIELD_NAMES } from '../../src/analytics/fields.js';
import { PostgresStore } from '../../src/analytics/store/postgres.js';
import { SqliteStore } from '../../src/analytics/store/sqlite.js';
import { form, sampleImages } from '../http/support.js';
import { BASIC, FIREFOX, cookieOf, startStatsServer, type StatsServer } from './server.js';
import { DATABASE_URL, uniqueSchema, warnIfNoPostgres } from './support.js';

warnIfNoPostgres();

const CANARY_IP = '198.51.100.173';
const CANARY_NAME = 'canary-holiday-7f3a9.png';
const REFERRER = 'https://blog.example.net/posts/42?utm_source=canary-utm#section';
const HEADERS = {
  'user-agent': FIREFOX,
  'accept-language': 'de-CH,de;q=0.9,en;q=0.5',
  referer: REFERRER,
  'x-forwarded-for': CANARY_IP,
  'x-vercel-ip-country': 'DE',
  'x-vercel-ip-country-region': 'BY',
  'x-vercel-ip-city': 'M%C3%BCnchen',
  'x-vercel-ip-timezone': 'Europe/Berlin',
};

let running: StatsServer[] = [];
afterEach(async () => {
  for (const s of running) {
    await s.close();
    s.remove();
  }
  running = [];
});

async function start(env: Record<string, string> = {}, options: Parameters<typeof startStatsServer>[1] = {}): Promise<StatsServer> {
  const server = await startStatsServer(env, options);
  running.push(server);
  return server;
}

async function compress(server: StatsServer, headers: Record<string, string> = {}, fields: Record<string, string> = { quality: '75', format: 'webp' }): Promise<Response> {
  const { png } = await sampleImages();
  const response = await fetch(`${server.url}/api/v1/compress`, { method: 'POST', headers, body: form(png, CANARY_NAME, fields) });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  return response;
}

async function myData(server: StatsServer, cookie: string | undefined): Promise<{ records: Record<string, unknown>[]; optedOut: boolean }> {
  const response = await fetch(`${server.url}/api/v1/privacy/my-data`, { headers: cookie ? { cookie } : {} });
  expect(response.status).toBe(200);
  return (await response.json()) as { records: Record<string, unknown>[]; optedOut: boolean };
}

/** Every byte the SQLite store left on disk: the file and its WAL and shared-memory files. */
function sqliteBytes(file: string): string {
  return ['', '-wal', '-shm', '-journal']
    .filter((suffix) => existsSync(file + suffix))
    .map((suffix) => readFileSync(file + suffix).toString('latin1'))
    .join('\n');
}

function expectedRecord(response: Response): Record<string, unknown> {
  const original = Number(response.headers.get('x-original-size'));
  const compressed = Number(response.headers.get('x-compressed-size'));
  return {
    recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    originalBytes: original,
    compressedBytes: compressed,
    inputFormat: 'png',
    outputFormat: 'webp',
    quality: '75',
    ratio: Math.round((compressed / original) * 10_000) / 10_000,
    country: 'DE',
    region: 'BY',
    city: 'München',
    timeZone: 'Europe/Berlin',
    browser: 'Firefox',
    browserMajor: 128,
    os: 'Linux',
    device: 'desktop',
    referrerHost: 'blog.example.net',
    language: 'de',
    sessionKey: expect.stringMatching(/^[0-9a-f]{64}$/),
  };
}

const FORBIDDEN = [CANARY_IP, CANARY_NAME, 'canary-holiday', 'canary-utm', '/posts/42', 'Gecko/20100101', 'de-CH', 'Mozilla/5.0'];

describe('what one compression records', () => {
  it('stores exactly the expected record and nothing more; no IP, file name or raw header in the SQLite file (P6–P9)', async () => {
    const server = await start({ TRUST_PROXY: 'true' });
    const response = await compress(server, HEADERS);
    const cookie = cookieOf(response);
    expect(cookie).toMatch(/^ci_session=[A-Za-z0-9_-]{24}$/);

    const { records } = await myData(server, cookie);
    expect(records).toEqual([expectedRecord(response)]);
    expect(Object.keys(records[0] ?? {})).toEqual(FIELD_NAMES);

    await server.close();
    const bytes = sqliteBytes(server.file);
    expect(bytes).toContain('blog.example.net'); // the bytes are readable: the search below means something
    for (const needle of [...FORBIDDEN, (cookie ?? '').split('=')[1] ?? 'no-cookie']) expect(bytes, needle).not.toContain(needle);
    const store = new SqliteStore(server.file);
    await store.init();
    expect(await store.count()).toBe(1);
    await store.close();
  });

  it.skipIf(DATABASE_URL === '')('stores the same record in PostgreSQL, where the IP and file name appear nowhere either', async () => {
    const schema = uniqueSchema();
    const store = new PostgresStore({ url: DATABASE_URL, schema });
    const server = await start({ TRUST_PROXY: 'true', DATABASE_URL }, { store });
    try {
      const response = await compress(server, HEADERS);
      const { records } = await myData(server, cookieOf(response));
      expect(records).toEqual([expectedRecord(response)]);
      await server.close();
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      try {
        const dump = await client.query(`SELECT t::text AS row FROM "${schema}".${EVENTS_TABLE} t UNION ALL SELECT m::text FROM "${schema}".stats_meta m`);
        const text = dump.rows.map((r: { row: string }) => r.row).join('\n');
        expect(text).toContain('blog.example.net');
        for (const needle of FORBIDDEN) expect(text, needle).not.toContain(needle);
      } finally {
        await client.end();
      }
    } finally {
      const cleanup = new PostgresStore({ url: DATABASE_URL, schema });
      await cleanup.dropSchema();
      await cleanup.close();
    }
  });

  it('looks the location up in the IP database when the proxy sends none, and believes no headers from an untrusted peer', async () => {
    const trusted = await start({ TRUST_PROXY: 'true' });
    const viaProxy = await compress(trusted, { 'x-forwarded-for': '8.8.8.8' });
    const [fromDatabase] = (await myData(trusted, cookieOf(viaProxy))).records;
    expect(fromDatabase).toMatchObject({ country: 'US', timeZone: expect.stringMatching(/^America\//), browser: null, device: 'other' });

    const direct = await start(); // TRUST_PROXY off: the peer is 127.0.0.1 and its headers are not believed
    const spoofed = await compress(direct, HEADERS);
    const [record] = (await myData(direct, cookieOf(spoofed))).records;
    expect(record).toMatchObject({ country: null, region: null, city: null, timeZone: null, browser: 'Firefox' });
  });

  it('records "auto" and "default" as the quality setting', async () => {
    const server = await start();
    const auto = await compress(server, {}, { quality: 'auto' });
    const cookie = cookieOf(auto) as string;
    await compress(server, { cookie }, { format: 'png' });
    const { records } = await myData(server, cookie);
    expect(records.map((r) => r.quality)).toEqual(['auto', 'default']);
  });
});

describe('consent signals and the cookie (P11, P17)', () => {
  it.each([
    ['Sec-GPC: 1', { 'sec-gpc': '1' }],
    ['DNT: 1', { dnt: '1' }],
  ])('%s: nothing is recorded and no cookie is set', async (_name, signal) => {
    const server = await start();
    const first = await compress(server, { ...signal });
    expect(first.headers.getSetCookie()).toEqual([]);
    // Even a browser that already has a session records nothing while it sends the signal.
    const withSession = await compress(server);
    const cookie = cookieOf(withSession) as string;
    await compress(server, { ...signal, cookie });
    await server.extension.service?.flush();
    expect(server.extension.service?.counters().written).toBe(1);
    expect((await myData(server, cookie)).records).toHaveLength(1);
  });

  it('sets one session cookie: HttpOnly, SameSite=Lax, Path=/, no Expires or Max-Age, Secure only under HTTPS', async () => {
    const server = await start({ TRUST_PROXY: 'true' });
    const plain = await compress(server);
    const [set] = plain.headers.getSetCookie();
    expect(plain.headers.getSetCookie()).toHaveLength(1);
    const attributes = (set ?? '').split(';').slice(1).map((a) => a.trim().toLowerCase()).sort();
    expect(attributes).toEqual(['httponly', 'path=/', 'samesite=lax']);

    const https = await compress(server, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.5' });
    // Under HTTPS the __Host- name (issue 15): the browser then refuses one planted by another host.
    expect(https.headers.getSetCookie()[0]).toMatch(/^__Host-ci_session=[A-Za-z0-9_-]{24}; Path=\/; HttpOnly; SameSite=Lax; Secure$/);

    // With the cookie, it is not sent again; and no other route ever sets a cookie.
    const again = await compress(server, { cookie: cookieOf(plain) as string });
    expect(again.headers.getSetCookie()).toEqual([]);
    for (const url of ['/', '/privacy', '/privacy.css', '/api/v1/limits', '/api/v1/privacy/fields', '/api/v1/privacy/my-data', '/healthz', '/nope']) {
      const response = await fetch(server.url + url);
      await response.arrayBuffer();
      expect(response.headers.getSetCookie(), url).toEqual([]);
    }
  });
});

describe('recording never gets in the way', () => {
  it('answers 200 while the store is down, and counts the dropped records', async () => {
    const server = await start({
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      ADMIN_USER: 'operator',
      ADMIN_PASSWORD: 'correct horse battery',
    });
    for (let i = 0; i < 3; i += 1) await compress(server);
    await server.extension.service?.flush();
    const response = await fetch(`${server.url}/api/v1/admin/recording`, { headers: { authorization: BASIC('operator', 'correct horse battery') } });
    expect(response.status).toBe(200);
    const counters = (await response.json()) as Record<string, unknown>;
    expect(counters).toMatchObject({ written: 0, store: 'unavailable' });
    expect(Number(counters.droppedStoreDown) + Number(counters.pending)).toBe(3);
    expect(Number(counters.droppedStoreDown)).toBeGreaterThan(0);
    // The rights and the dashboard say the store is unavailable, with the stable code.
    const mine = await fetch(`${server.url}/api/v1/privacy/my-data`, { headers: { cookie: 'ci_session=AAAAAAAAAAAAAAAAAAAAAAAA' } });
    expect(mine.status).toBe(503);
    expect(((await mine.json()) as { code: string }).code).toBe('STATS_UNAVAILABLE');
  });

  it('writes every waiting record on a clean shutdown', async () => {
    const server = await start({ STATS_FLUSH_INTERVAL_MS: '600000', STATS_BATCH_SIZE: '1000' });
    for (let i = 0; i < 3; i += 1) await compress(server);
    const reader = new SqliteStore(server.file);
    await reader.init();
    expect(await reader.count()).toBe(0); // still in memory
    await server.close();
    expect(await reader.count()).toBe(3);
    await reader.close();
  });

  it('deletes expired records when the server starts (P10, injected clock)', async () => {
    const first = await start({ STATS_RETENTION_MONTHS: '3' });
    const seed = new SqliteStore(first.file);
    await first.close();
    await seed.init();
    const now = Date.UTC(2026, 5, 15);
    const { event } = await import('./support.js');
    await seed.insert([event({ recordedAt: Date.UTC(2026, 2, 14) }), event({ recordedAt: Date.UTC(2026, 2, 16) })]);
    await seed.close();
    const second = await startStatsServer({ STATS_DB_PATH: first.file, STATS_RETENTION_MONTHS: '3' }, { now: () => now });
    running.push(second);
    const check = new SqliteStore(first.file);
    await check.init();
    expect(await check.count()).toBe(1);
    await check.close();
  });
});
