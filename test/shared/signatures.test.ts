/**
 * Formats by their first bytes (src/shared/signatures.ts), as the server's detect step and the web
 * page both use them: each signature, each one cut short, the ISO-BMFF brands, and the refusals.
 */
import { describe, expect, it } from 'vitest';
import { detectFormat, FORMATS } from '../../src/formats/index.js';
import { detectSignature, ftypBrands, INPUT_FORMATS, REFUSALS, SIGNATURE_BYTES, SIGNATURES, sniff, type InputFormat } from '../../src/shared/signatures.js';

const text = (s: string): number[] => [...new TextEncoder().encode(s)];

/** An ISO-BMFF `ftyp` box: size, "ftyp", major brand, minor version, compatible brands. */
function ftyp(major: string, compatible: string[], declaredSize?: number): Uint8Array {
  const size = declaredSize ?? 16 + 4 * compatible.length;
  return new Uint8Array([(size >>> 24) & 0xff, (size >>> 16) & 0xff, (size >>> 8) & 0xff, size & 0xff, ...text('ftyp'), ...text(major), 0, 0, 0, 0, ...compatible.flatMap(text)]);
}

/** The shortest beginning of each format that its signature accepts. */
const SHORTEST: Record<InputFormat, Uint8Array> = {
  jpeg: new Uint8Array([0xff, 0xd8, 0xff]),
  png: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  webp: new Uint8Array([...text('RIFF'), 0x24, 0, 0, 0, ...text('WEBP')]),
  avif: ftyp('avif', []),
  gif: new Uint8Array(text('GIF89a')),
  tiff: new Uint8Array([0x49, 0x49, 0x2a, 0x00]),
};

describe('detectSignature', () => {
  it.each(INPUT_FORMATS)('recognises %s from its shortest signature, and the server agrees', (format) => {
    const bytes = SHORTEST[format];
    expect(detectSignature(bytes)).toBe(format);
    expect(detectFormat(bytes)).toBe(format);
    expect(FORMATS[format].detect(bytes)).toBe(true);
    expect(sniff(bytes)).toEqual({ ok: true, kind: format });
  });

  it.each(INPUT_FORMATS)('does not recognise %s cut one byte short', (format) => {
    const cut = SHORTEST[format].subarray(0, SHORTEST[format].length - 1);
    expect(detectSignature(cut)).toBeUndefined();
    expect(SIGNATURES[format](cut)).toBe(false);
  });

  it('recognises only its own format with each signature', () => {
    for (const format of INPUT_FORMATS) {
      const matches = INPUT_FORMATS.filter((other) => SIGNATURES[other](SHORTEST[format]));
      expect(matches).toEqual([format]);
    }
  });

  it('knows the other variants: GIF87a and big-endian TIFF', () => {
    expect(detectSignature(new Uint8Array(text('GIF87a')))).toBe('gif');
    expect(detectSignature(new Uint8Array(text('GIF88a')))).toBeUndefined();
    expect(detectSignature(new Uint8Array([0x4d, 0x4d, 0x00, 0x2a]))).toBe('tiff');
    expect(detectSignature(new Uint8Array([0x4d, 0x4d, 0x2a, 0x00]))).toBeUndefined();
  });

  it('wants RIFF and WEBP both for WebP (a RIFF WAVE is no image)', () => {
    expect(detectSignature(new Uint8Array([...text('RIFF'), 0x24, 0, 0, 0, ...text('WAVE')]))).toBeUndefined();
  });

  it('finds AVIF as the major brand or among the compatible brands, within the declared box only', () => {
    expect(detectSignature(ftyp('avis', []))).toBe('avif');
    expect(detectSignature(ftyp('mif1', ['miaf', 'avif']))).toBe('avif');
    // The compatible brand lies after the end the box declares: not part of this box.
    expect(detectSignature(ftyp('mif1', ['miaf', 'avif'], 20))).toBeUndefined();
    expect(detectSignature(ftyp('heic', ['mif1', 'heic']))).toBeUndefined();
  });

  it('reads the brands of an ftyp box, and none of anything else or of a box cut before its brand', () => {
    expect(ftypBrands(ftyp('mif1', ['miaf', 'avif']))).toEqual(['mif1', 'miaf', 'avif']);
    expect(ftypBrands(ftyp('avif', []).subarray(0, 15))).toEqual([]);
    expect(ftypBrands(SHORTEST.png)).toEqual([]);
  });

  it('decides from the first SIGNATURE_BYTES bytes', () => {
    const longest = Math.max(...INPUT_FORMATS.map((f) => SHORTEST[f].length));
    expect(SIGNATURE_BYTES).toBeGreaterThanOrEqual(longest);
    expect(detectSignature(new Uint8Array(0))).toBeUndefined();
  });
});

describe('sniff: a readable format, or why not in a sentence', () => {
  it('says an empty file is empty', () => {
    expect(sniff(new Uint8Array())).toEqual({ ok: false, reason: REFUSALS.empty });
  });

  it('names HEIC/HEIF photos by their brands', () => {
    for (const brand of ['heic', 'heix', 'hevc', 'mif1', 'msf1']) expect(sniff(ftyp(brand, []))).toEqual({ ok: false, reason: REFUSALS.heif });
    expect(sniff(ftyp('mif1', ['heic']))).toEqual({ ok: false, reason: REFUSALS.heif });
    expect(REFUSALS.heif).toContain('HEIC');
  });

  it('names PDF and SVG/XML files', () => {
    expect(sniff(new Uint8Array(text('%PDF-1.7\n')))).toEqual({ ok: false, reason: 'This is a PDF, not an image.' });
    expect(sniff(new Uint8Array(text('<svg xmlns="http://www.w3.org/2000/svg">')))).toEqual({ ok: false, reason: REFUSALS.vector });
    expect(sniff(new Uint8Array(text('<SVG width="1">')))).toEqual({ ok: false, reason: REFUSALS.vector });
    expect(sniff(new Uint8Array(text('<?xml version="1.0"?>')))).toEqual({ ok: false, reason: REFUSALS.vector });
  });

  it('refuses anything else, including a signature cut short, with the general sentence', () => {
    expect(sniff(new Uint8Array(text('just some notes')))).toEqual({ ok: false, reason: REFUSALS.unknown });
    expect(sniff(SHORTEST.png.subarray(0, 4))).toEqual({ ok: false, reason: REFUSALS.unknown });
    expect(sniff(new Uint8Array(text('%PD')))).toEqual({ ok: false, reason: REFUSALS.unknown });
    expect(REFUSALS.unknown).toContain('not an image we can read');
  });
});
