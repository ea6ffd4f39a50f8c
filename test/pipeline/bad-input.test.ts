import { deflateSync, crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/errors.js';
import { CompressorError } from '../../src/errors.js';
import { compressRaw } from '../support/compress-raw.js';
import { DEFAULT_LIMITS } from '../../src/pipeline/limits.js';
import { PNGSUITE_BROKEN, readCorpus } from '../support/corpus.js';

/** Runs one compression that must fail; returns its code, sentence and details. */
async function failure(input: Uint8Array, options: Record<string, unknown> = {}, limits = DEFAULT_LIMITS): Promise<{ code: ErrorCode; message: string; details: Readonly<Record<string, unknown>> }> {
  try {
    await compressRaw(input, options, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(CompressorError);
    const e = error as CompressorError;
    return { code: e.code, message: e.message, details: e.details };
  }
  throw new Error('expected the compression to fail');
}

function pngChunk(type: string, data: Buffer): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

/** A 1 kB PNG that declares 60000×60000 pixels: a decompression bomb. */
function pixelBomb(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(60000, 0);
  ihdr.writeUInt32BE(60000, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(60001 * 3))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const photo = readCorpus('kodak', 'kodim15.png');

describe('bad input: each gets its code, from the step meant to refuse it, and the next compression still works', () => {
  const cases: Array<[string, () => Promise<Uint8Array> | Uint8Array, ErrorCode]> = [
    ['empty input', () => Buffer.alloc(0), 'EMPTY_INPUT'],
    ['random bytes', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251)), 'UNSUPPORTED_FORMAT'],
    ['text', () => Buffer.from('hello, this is not an image\n'), 'UNSUPPORTED_FORMAT'],
    ['an SVG', () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'), 'UNSUPPORTED_FORMAT'],
    ['a PDF', () => Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'), 'UNSUPPORTED_FORMAT'],
    ['a HEIC', () => Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(64)]), 'UNSUPPORTED_FORMAT'],
    ['a truncated JPEG', async () => (await sharp(photo).jpeg().toBuffer()).subarray(0, 20_000), 'CORRUPT_IMAGE'],
    ['a truncated PNG', () => photo.subarray(0, 100_000), 'CORRUPT_IMAGE'],
    ['a truncated WebP', async () => (await sharp(photo).webp().toBuffer()).subarray(0, 20_000), 'CORRUPT_IMAGE'],
    ['a truncated AVIF', async () => (await sharp(photo).avif({ effort: 0 }).toBuffer()).subarray(0, 10_000), 'CORRUPT_IMAGE'],
    ['a pixel bomb (60000×60000 declared)', pixelBomb, 'TOO_MANY_PIXELS'],
    ['an over-size file', () => Buffer.concat([photo, Buffer.alloc(DEFAULT_LIMITS.maxInputBytes)]), 'FILE_TOO_LARGE'],
  ];

  it.each(cases)('%s', async (_name, make, expected) => {
    const result = await failure(await make());
    expect(result.code).toBe(expected);
    expect(result.message.length).toBeGreaterThan(10);
    const next = await compressRaw(photo, { format: 'jpeg' });
    expect(next.outputBytes).toBeGreaterThan(0);
  });

  it.each(PNGSUITE_BROKEN)('PngSuite %s', async (name) => {
    const result = await failure(readCorpus('pngsuite', name));
    // A broken signature is not recognisably PNG; everything else is a damaged PNG.
    expect(['CORRUPT_IMAGE', 'UNSUPPORTED_FORMAT']).toContain(result.code);
    if (name.startsWith('xs') || name.startsWith('xcr') || name.startsWith('xlf')) expect(result.code).toBe('UNSUPPORTED_FORMAT');
    else expect(result.code).toBe('CORRUPT_IMAGE');
  });

  it('a pixel bomb is refused from its header, before libvips is asked to decode it', async () => {
    // The probe's refusal carries the declared size; libvips' own pixel limit (the second line,
    // reached only when decoding starts) would not.
    const result = await failure(pixelBomb());
    expect(result.code).toBe('TOO_MANY_PIXELS');
    expect(result.details).toMatchObject({ width: 60000, height: 60000, frames: 1 });
  });
});

describe('options are validated with one uniform sentence', () => {
  it.each([
    [{ quality: 101 }, 'expected an integer 1–100 for quality, got 101'],
    [{ quality: '0' }, 'expected an integer 1–100 for quality, got "0"'],
    [{ format: 'bmp' }, 'expected one of jpeg, png, webp, avif, gif for format, got "bmp"'],
    [{ metadata: 'some' }, 'expected one of strip, keep-color-profile, keep-all-but-location, keep-all for metadata, got "some"'],
    [{ lossless: 'maybe' }, 'expected true or false for lossless, got "maybe"'],
    [{ background: 'blue' }, 'expected a colour as #rrggbb for background, got "blue"'],
    [{ maxWidth: 0 }, 'expected an integer 1–65535 for maxWidth, got 0'],
    [{ qualty: 50 }, 'unknown option "qualty"'],
  ])('%o', async (options, sentence) => {
    const result = await failure(photo, options);
    expect(result.code).toBe('INVALID_OPTION');
    expect(result.message).toContain(sentence);
  });

  it('reports every bad option at once', async () => {
    const result = await failure(photo, { quality: 200, effort: 11 });
    expect(result.message).toContain('for quality');
    expect(result.message).toContain('for effort');
  });

  it('accepts the spellings people type', async () => {
    const result = await compressRaw(photo, { format: 'JPG', quality: '60', lossless: 'false', maxWidth: '300' });
    expect(result.format).toBe('jpeg');
    expect(result.quality).toBe(60);
    expect(result.width).toBe(300);
  });
});
