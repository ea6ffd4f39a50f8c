import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { compress } from '../../src/compress/compress.js';
import { KODAK, PNGSUITE_VALID, readCorpus } from '../support/corpus.js';
import { maxVisibleDifference, psnr } from '../support/similarity.js';

const OUTPUTS = ['jpeg', 'png', 'webp', 'avif'] as const;
// AVIF at the fastest effort keeps this suite quick; the default effort is covered by the benchmarks.
const fast = (format: string) => (format === 'avif' ? { effort: 1 } : {});

/** Similarity floors (PSNR, dB) measured on the corpus at the default qualities, with margin. */
const KODAK_FLOOR: Record<(typeof OUTPUTS)[number], number> = { jpeg: 28, png: 30, webp: 29, avif: 27 };

async function decodedFormat(data: Buffer): Promise<string | undefined> {
  return (await sharp(data).metadata()).format;
}

const SHARP_NAME: Record<string, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp', avif: 'heif', gif: 'gif' };

describe('P1: every Kodak photo into every output format', () => {
  it.each(KODAK)('%s', async (name) => {
    const input = readCorpus('kodak', name);
    for (const format of OUTPUTS) {
      const result = await compress(input, { format, ...fast(format) });
      expect(await decodedFormat(result.data)).toBe(SHARP_NAME[format]);
      expect(result.format).toBe(format);
      const meta = await sharp(result.data).metadata();
      expect([meta.width, meta.height]).toEqual([result.width, result.height]);
      expect([result.width, result.height].sort()).toEqual([512, 768]);
      expect(result.outputBytes).toBeLessThan(input.length);
      expect(await psnr(input, result.data), `${name} → ${format}`).toBeGreaterThan(KODAK_FLOOR[format]);
    }
  });
});

describe('P1: every input format into every output format', () => {
  const source = readCorpus('kodak', 'kodim03.png');
  const makers: Record<string, () => Promise<Buffer>> = {
    jpeg: () => sharp(source).jpeg({ quality: 95 }).toBuffer(),
    webp: () => sharp(source).webp({ quality: 95 }).toBuffer(),
    avif: () => sharp(source).avif({ quality: 80, effort: 0 }).toBuffer(),
    gif: () => sharp(source).gif().toBuffer(),
    tiff: () => sharp(source).tiff().toBuffer(),
  };
  it.each(Object.keys(makers))('%s input', async (inputFormat) => {
    const input = await makers[inputFormat]!();
    for (const format of OUTPUTS) {
      const result = await compress(input, { format, ...fast(format) });
      expect(result.inputFormat).toBe(inputFormat);
      expect(await decodedFormat(result.data)).toBe(SHARP_NAME[format]);
      // GIF input is already reduced to 256 colours; the floor compares with the original photo.
      expect(await psnr(source, result.data), `${inputFormat} → ${format}`).toBeGreaterThan(inputFormat === 'gif' ? 22 : 27);
    }
  });

  it('keeps the input format by default, and turns TIFF into PNG', async () => {
    for (const [inputFormat, expected] of [['jpeg', 'jpeg'], ['webp', 'webp'], ['avif', 'avif'], ['gif', 'gif'], ['tiff', 'png']]) {
      const result = await compress(await makers[inputFormat!]!(), { effort: 1 });
      expect(result.format).toBe(expected);
    }
  });
});

describe('P1: the valid PngSuite images', () => {
  // Lossy floors measured on PngSuite at the default qualities. These are tiny synthetic test
  // patterns (1×1 to 32×32, hard colour edges) where JPEG's 4:2:0 chroma is at its worst, so the
  // lossy floors are low; the lossless encoders must reproduce every pixel exactly.
  const LOSSY_FLOOR: Record<(typeof OUTPUTS)[number], number> = { jpeg: 9, png: 24, webp: 8, avif: 9 };

  it.each(PNGSUITE_VALID)('%s into every format', async (name) => {
    const input = readCorpus('pngsuite', name);
    const original = await sharp(input).metadata();
    for (const format of OUTPUTS) {
      const result = await compress(input, { format, ...fast(format) });
      const meta = await sharp(result.data).metadata();
      expect(meta.format).toBe(SHARP_NAME[format]);
      expect([meta.width, meta.height]).toEqual([original.width, original.height]);
      expect(await psnr(input, result.data), `${name} → ${format}`).toBeGreaterThan(LOSSY_FLOOR[format]);
    }
    for (const format of ['png', 'webp'] as const) {
      const result = await compress(input, { format, lossless: true });
      expect(await maxVisibleDifference(input, result.data), `${name} → lossless ${format}`).toBe(0);
    }
  });
});
