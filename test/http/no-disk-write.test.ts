import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceFileWrites } from '../support/strace.js';

// P3 (memory only), against the server: uploads of every format, raw and multipart, through the
// real entry point, open no file for writing — no parser temp files, no spill files, no caches.
// The detector itself is proven able to see a write by test/pipeline/no-disk-write.test.ts.
describe('P3: the server never writes an upload to disk', () => {
  it('opens no file for writing while serving every format, raw and as forms', async () => {
    // The anonymous statistics (issue 5) are the one file the server writes: a SQLite store at a
    // known path, holding sizes and formats, never image bytes. Pin it here (and keep PostgreSQL
    // out) so the trace is the same on every machine, and allow exactly that file below.
    const statsFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'p3-stats-')), 'stats.sqlite');
    const trace = await traceFileWrites('node', ['--import', 'tsx', 'test/http/fixtures/upload-every-format.ts'], {
      ...process.env,
      // tsx would otherwise write its compile cache; that is the test runner, not the product.
      TSX_DISABLE_CACHE: '1',
      DATABASE_URL: '',
      STATS_DB_PATH: statsFile,
    });
    expect(trace.stderr).toBe('');
    expect(trace.exitCode).toBe(0);
    const lines = trace.stdout.trim().split('\n');
    expect(lines).toHaveLength(6 * 6 + 2);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^\S+ 200 [1-9]\d*$/);
    expect(lines.at(-2)).toMatch(/^form:large-\d{7,}->jpeg 200/);
    expect(lines.at(-1)).toBe('server exited 0');
    expect(trace.calls).toBeGreaterThan(10);
    const statsFiles = new Set(['', '-wal', '-shm', '-journal'].map((suffix) => statsFile + suffix));
    expect(trace.writes.filter((p) => !statsFiles.has(p))).toEqual([]);
  }, 300_000);
});
