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
  // PSNR floors measured on PngSuite at the default qualities, with margin. These are synthetic
  // test patterns (1×1 to 40×40, hard colour edges) where the lossy encoders' 4:2:0 chroma is at
  // its worst. Images at least 16 pixels on each side reach JPEG 14.0, WebP 17.2, AVIF 17.7 and
  // PNG 33.8 dB; smaller ones (3×3 to 9×9: two or three chroma samples a side) go down to 9.1.
  const FLOOR: Record<(typeof OUTPUTS)[number], number> = { jpeg: 12, png: 30, webp: 15, avif: 15 };
  const TINY_FLOOR: Record<(typeof OUTPUTS)[number], number> = { jpeg: 8, png: 30, webp: 8, avif: 9 };

  it.each(PNGSUITE_VALID)('%s into every format', async (name) => {
    const input = readCorpus('pngsuite', name);
    const original = await sharp(input).metadata();
    const tiny = Math.min(original.width, original.height) < 16;
    const wrongs = tiny ? [] : await visiblyWrongColours(input);
    for (const format of OUTPUTS) {
      const result = await compress(input, { format, ...fast(format) });
      const meta = await sharp(result.data).metadata();
      expect(meta.format).toBe(SHARP_NAME[format]);
      expect([meta.width, meta.height]).toEqual([original.width, original.height]);
      const similarity = await psnr(input, result.data);
      expect(similarity, `${name} → ${format}`).toBeGreaterThan((tiny ? TINY_FLOOR : FLOOR)[format]);
      // The colours are the input's: the output is clearly nearer the input than any of the
      // wrong-colour versions of it (where such a version differs from the input visibly).
      for (const wrong of wrongs) {
        expect(similarity - (await psnr(wrong.image, result.data)), `${name} → ${format}: nearer the input than ${wrong.name} (dB)`).toBeGreaterThan(wrong.marginDb);
      }
    }
    for (const format of ['png', 'webp'] as const) {
      const result = await compress(input, { format, lossless: true });
      expect(await maxVisibleDifference(input, result.data), `${name} → lossless ${format}`).toBe(0);
    }
  });
});

/**
 * What a broken colour pipeline would make of `input`, each with the least PSNR by which a right
 * output must be nearer the input than the wrong version. Measured on the PngSuite images of 16×16
 * and more at the default qualities (the least margin, all formats): red and blue swapped 6.2 dB
 * (JPEG of tp0n2c08), grey 3.4 dB (JPEG of basn3p01), transparency flattened onto black instead
 * of white 19.0 dB (JPEG of tbbn3p08). Versions the eye cannot tell from the input (a grey image
 * swapped, an opaque one flattened: 30 dB or more) are left out.
 */
async function visiblyWrongColours(input: Buffer): Promise<{ name: string; image: Buffer; marginDb: number }[]> {
  const { data, info } = await sharp(input).toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  for (let i = 0; i < data.length; i += 4) [data[i], data[i + 2]] = [data[i + 2]!, data[i]!];
  const candidates = [
    { name: 'red and blue swapped', image: await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } }).png().toBuffer(), marginDb: 3 },
    { name: 'its grey version', image: await sharp(input).greyscale().png().toBuffer(), marginDb: 1.5 },
    { name: 'it flattened onto black', image: await sharp(input).flatten({ background: '#000000' }).png().toBuffer(), marginDb: 10 },
  ];
  const visible = [];
  for (const candidate of candidates) if ((await psnr(input, candidate.image)) < 30) visible.push(candidate);
  return visible;
}
