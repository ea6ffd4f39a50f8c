import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CompressorError, ERROR_CATALOG, ERROR_CODES, toCompressorError } from '../src/errors.js';

describe('error catalogue', () => {
  const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');

  it.each(ERROR_CODES)('documents %s with its status in docs/errors.md', (code) => {
    const row = doc.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
    expect(row, `docs/errors.md has no row for ${code}`).toBeDefined();
    expect(row).toContain(`| ${ERROR_CATALOG[code].status} |`);
  });

  it('documents no code that does not exist', () => {
    const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...ERROR_CODES].sort());
  });

  it('keeps the cause out of the public view', () => {
    const error = new CompressorError('CORRUPT_IMAGE', { cause: new Error('vipspng: libpng read error at /tmp/x') });
    const shown = JSON.stringify(error.toPublic());
    expect(shown).not.toContain('libpng');
    expect(error.toPublic()).toMatchObject({ code: 'CORRUPT_IMAGE', status: 422 });
  });

  it('turns unknown failures into INTERNAL with the cause kept for the log', () => {
    const cause = new TypeError('boom');
    const wrapped = toCompressorError(cause);
    expect(wrapped.code).toBe('INTERNAL');
    expect(wrapped.cause).toBe(cause);
    expect(wrapped.message).not.toContain('boom');
  });
});
