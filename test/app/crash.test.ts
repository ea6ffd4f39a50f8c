/**
 * Issue 15: an error nothing caught is logged through the safe logger (P4: no address, no file
 * name), the statistics still waiting in memory are written, and the process exits non-zero. The
 * real server process (src/app/main.ts) is started; a module loaded before it throws on a signal.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CRASH_CANARY_FILE, CRASH_CANARY_IP } from './fixtures/crash-trigger.js';
import { form, sampleImages } from '../http/support.js';
import { listeningPort, startServerProcess, type ServerProcess } from '../http/process.js';

let dir: string | undefined;
let server: ServerProcess | undefined;
afterEach(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
  server = undefined;
});

function rowsIn(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM stat_events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe.each(['throw', 'reject'])('a crash (%s)', (kind) => {
  it('is logged without personal data, writes the buffered statistics, and exits 1', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'crash-test-'));
    const file = path.join(dir, 'stats.sqlite');
    server = startServerProcess(
      { HOST: '127.0.0.1', PORT: '0', RATE_LIMIT_MAX: '0', STATS_DB_PATH: file, STATS_GEOIP: 'false', STATS_FLUSH_INTERVAL_MS: '600000', CRASH_KIND: kind },
      ['--import', 'tsx', '--import', './test/app/fixtures/crash-trigger.ts', 'src/app/main.ts'],
    );
    const port = await listeningPort(server);
    const { png } = await sampleImages();
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/compress?format=webp`, { method: 'POST', body: form(png, CRASH_CANARY_FILE) });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    // The record is waiting in memory (the flush interval is ten minutes), not yet in the file.
    expect(rowsIn(file)).toBe(0);

    server.child.kill('SIGUSR2');
    expect(await server.exited).toBe(1);

    const fatal = server.lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.level === 60);
    expect(fatal, server.lines.join('\n')).toMatchObject({ kind: kind === 'throw' ? 'uncaughtException' : 'unhandledRejection', err: { type: 'Error', message: 'a deliberate crash for the test' } });
    const everything = server.lines.join('\n') + server.stderr();
    expect(everything).not.toContain(CRASH_CANARY_IP);
    expect(everything).not.toContain(CRASH_CANARY_FILE);
    expect(rowsIn(file)).toBe(1);
  });
});
