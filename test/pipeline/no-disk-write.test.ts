import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceFileWrites } from '../support/strace.js';

// P3 (memory only): no compression, of any format or size we accept, opens a file for writing.
describe('P3: the pipeline never writes to disk', () => {
  it('has a detector that does see a file written (so the real check can fail)', async () => {
    const target = path.join(os.tmpdir(), `ci-strace-probe-${process.pid}.txt`);
    try {
      const trace = await traceFileWrites('node', ['-e', `require('fs').writeFileSync(${JSON.stringify(target)}, 'x')`]);
      expect(trace.writes).toContain(target);
    } finally {
      rmSync(target, { force: true });
    }
  });

  it('opens no file for writing while compressing every format and a near-cap image', async () => {
    const trace = await traceFileWrites('node', ['--import', 'tsx', 'test/fixtures/compress-every-format.ts'], {
      ...process.env,
      // tsx would otherwise write its compile cache; that is the test runner, not the product.
      TSX_DISABLE_CACHE: '1',
    });
    expect(trace.stderr).toBe('');
    expect(trace.exitCode).toBe(0);
    const lines = trace.stdout.trim().split('\n');
    expect(lines).toHaveLength(6 * 4 + 3);
    expect(lines.at(-1)).toMatch(/^big-7070x7070->png \d+$/);
    expect(trace.calls).toBeGreaterThan(10);
    expect(trace.writes).toEqual([]);
  }, 240_000);
});
