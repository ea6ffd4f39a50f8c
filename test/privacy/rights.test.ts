/**
 * The user's rights through the HTTP API (P15–P17): download this session's records as JSON,
 * erase them, switch statistics off and back on. Other sessions are never touched.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { form, sampleImages } from '../http/support.js';
import { cookieOf, startStatsServer, type StatsServer } from '../analytics/server.js';

let server: StatsServer | undefined;
afterEach(async () => {
  await server?.close();
  server?.remove();
  server = undefined;
});

async function compress(s: StatsServer, cookie?: string): Promise<Response> {
  const { png } = await sampleImages();
  const response = await fetch(`${s.url}/api/v1/compress?format=webp&quality=60`, { method: 'POST', headers: cookie ? { cookie } : {}, body: form(png, 'a.png') });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  return response;
}

async function call(s: StatsServer, method: string, path: string, cookie?: string): Promise<Response> {
  return fetch(`${s.url}/api/v1/privacy/${path}`, { method, headers: cookie ? { cookie } : {} });
}

interface Export {
  records: Record<string, unknown>[];
  optedOut: boolean;
  globalPrivacyControl: boolean;
  retention: string;
}

describe('rights over one\'s own records', () => {
  it('exports this session\'s records as a JSON download, and only these (P15)', async () => {
    server = await startStatsServer();
    const mine = cookieOf(await compress(server)) as string;
    await compress(server, mine);
    const theirs = cookieOf(await compress(server)) as string;
    expect(theirs).not.toBe(mine);

    const response = await call(server, 'GET', 'my-data', mine);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="my-compressorimage-data.json"');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Export;
    expect(body.records).toHaveLength(2);
    expect(body).toMatchObject({ optedOut: false, globalPrivacyControl: false, retention: '12 months' });
    expect(new Set(body.records.map((r) => r.sessionKey)).size).toBe(1);
    const their = (await (await call(server, 'GET', 'my-data', theirs)).json()) as Export;
    expect(their.records).toHaveLength(1);
    expect(their.records[0]?.sessionKey).not.toBe(body.records[0]?.sessionKey);

    // Without a cookie there is nothing, and no cookie is created for asking.
    const none = await call(server, 'GET', 'my-data');
    expect(((await none.json()) as Export).records).toEqual([]);
    expect(none.headers.getSetCookie()).toEqual([]);
  });

  it('erases this session\'s records, those still waiting to be written included (P16)', async () => {
    // A long flush interval: the records are still in memory when the erasure comes.
    server = await startStatsServer({ STATS_FLUSH_INTERVAL_MS: '600000', STATS_BATCH_SIZE: '1000' });
    const mine = cookieOf(await compress(server)) as string;
    await compress(server, mine);
    const theirs = cookieOf(await compress(server)) as string;
    const erased = await call(server, 'DELETE', 'my-data', mine);
    expect(erased.status).toBe(200);
    expect(await erased.json()).toEqual({ erased: 2 });
    expect(((await (await call(server, 'GET', 'my-data', mine)).json()) as Export).records).toEqual([]);
    expect(((await (await call(server, 'GET', 'my-data', theirs)).json()) as Export).records).toHaveLength(1);
  });

  it('switches statistics off for the session and back on (P17)', async () => {
    server = await startStatsServer();
    const first = cookieOf(await compress(server)) as string;

    const off = await call(server, 'POST', 'opt-out', first);
    expect(off.status).toBe(200);
    const offCookie = cookieOf(off) as string;
    expect(offCookie).toBe(`${first}.off`);
    expect(off.headers.getSetCookie()[0]).toMatch(/; HttpOnly; SameSite=Lax$/);
    const whileOff = await compress(server, offCookie);
    expect(whileOff.headers.getSetCookie()).toEqual([]);
    const stateOff = (await (await call(server, 'GET', 'my-data', offCookie)).json()) as Export;
    expect(stateOff).toMatchObject({ optedOut: true });
    expect(stateOff.records).toHaveLength(1); // the one from before opting out, still erasable

    const on = await call(server, 'POST', 'opt-in', offCookie);
    const onCookie = cookieOf(on) as string;
    expect(onCookie).toBe(first);
    await compress(server, onCookie);
    const stateOn = (await (await call(server, 'GET', 'my-data', onCookie)).json()) as Export;
    expect(stateOn).toMatchObject({ optedOut: false });
    expect(stateOn.records).toHaveLength(2);
  });

  it('opts out a browser that has no session yet, with a new cookie that records nothing', async () => {
    server = await startStatsServer();
    const off = await call(server, 'POST', 'opt-out');
    const cookie = cookieOf(off) as string;
    expect(cookie).toMatch(/^ci_session=[A-Za-z0-9_-]{24}\.off$/);
    await compress(server, cookie);
    await server.extension.service?.flush();
    expect(server.extension.service?.counters().written).toBe(0);
  });

  it('reports Global Privacy Control in the export', async () => {
    server = await startStatsServer();
    const response = await fetch(`${server.url}/api/v1/privacy/my-data`, { headers: { 'sec-gpc': '1' } });
    expect(((await response.json()) as Export).globalPrivacyControl).toBe(true);
  });

  it('serves the field model for the "Your data" page', async () => {
    server = await startStatsServer({ STATS_RETENTION_MONTHS: '6' });
    const doc = (await (await call(server, 'GET', 'fields')).json()) as { fields: { name: string; label: string; description: string }[]; never: string[]; retention: string };
    expect(doc.retention).toBe('6 months');
    expect(doc.fields.map((f) => f.name)).toContain('sessionKey');
    expect(doc.fields.every((f) => f.label !== '' && f.description.length > 10)).toBe(true);
    expect(doc.never.join(' ')).toMatch(/IP address/);
  });

  it('documents the rights endpoints in the OpenAPI document and its docs page', async () => {
    server = await startStatsServer();
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/v1/privacy/my-data'] ?? {}).sort()).toEqual(['delete', 'get']);
    expect(Object.keys(doc.paths['/api/v1/privacy/opt-out'] ?? {})).toEqual(['post']);
    expect(doc.paths['/privacy']).toBeUndefined(); // pages are not API
    const page = await fetch(`${server.url}/api/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/api/v1/privacy/my-data');
  });

  it('has no rights endpoints when statistics are off, since nothing is recorded', async () => {
    server = await startStatsServer({ STATS_ENABLED: 'false' });
    const compressed = await compress(server);
    expect(compressed.headers.getSetCookie()).toEqual([]);
    for (const [method, path] of [['GET', 'my-data'], ['DELETE', 'my-data'], ['POST', 'opt-out'], ['GET', 'fields']] as const) {
      expect((await call(server, method, path)).status, `${method} ${path}`).toBe(404);
    }
  });
});
