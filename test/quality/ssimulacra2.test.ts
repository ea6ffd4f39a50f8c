/**
 * Issue 6, the metric: our SSIMULACRA2 must reproduce the reference implementation's scores
 * (../shared/corpus/ssimulacra2-vectors/vectors.json, computed by cloudinary/ssimulacra2 2.1)
 * within ±0.5 on every vector. This is the gate for every automatic-quality decision.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeToRgb, prepareReference, scoreImages, ssimulacra2, type RgbPixels } from '../../src/quality/metric/ssimulacra2.js';
import { corpusPath, readCorpus } from '../support/corpus.js';

interface Vector {
  readonly reference: string;
  readonly distorted: string;
  readonly score: number;
}

const { vectors } = JSON.parse(readFileSync(corpusPath('ssimulacra2-vectors', 'vectors.json'), 'utf8')) as { vectors: Vector[] };

describe('SSIMULACRA2 reproduces the reference implementation', () => {
  it('has vectors to check', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(50);
  });

  // One reference decode and preparation per Kodak image; each vector then scored both ways.
  const byReference = new Map<string, Vector[]>();
  for (const v of vectors) byReference.set(v.reference, [...(byReference.get(v.reference) ?? []), v]);

  for (const [reference, group] of byReference) {
    it(`matches every vector of ${reference} within ±0.5`, async () => {
      const ref = await decodeToRgb(readCorpus(reference));
      const prepared = prepareReference(ref);
      for (const [i, v] of group.entries()) {
        const dist = await decodeToRgb(readCorpus(v.distorted));
        const direct = ssimulacra2(ref, dist);
        expect(Math.abs(direct - v.score), `${v.distorted}: ${direct.toFixed(4)} vs reference ${v.score}`).toBeLessThanOrEqual(0.5);
        // The prepared path (what the search uses) is the same arithmetic in another order; two
        // vectors per image keep the test quick.
        if (i < 2) expect(Math.abs(prepared.score(dist) - direct), `${v.distorted} prepared vs direct`).toBeLessThan(1e-3);
      }
    });
  }

  it('scores encoded files through scoreImages exactly like decoded pixels', async () => {
    const v = vectors.find((x) => x.distorted.includes('webp'))!;
    const score = await scoreImages(readCorpus(v.reference), readCorpus(v.distorted));
    expect(Math.abs(score - v.score)).toBeLessThanOrEqual(0.5);
  });
});

describe('SSIMULACRA2 edge cases', () => {
  const gradient = (w: number, h: number, channels: 3 | 4, alpha = 255): RgbPixels => {
    const data = new Uint8Array(w * h * channels);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * channels;
        data[i] = (x * 255) / w;
        data[i + 1] = (y * 255) / h;
        data[i + 2] = ((x + y) * 127) / (w + h);
        if (channels === 4) data[i + 3] = x < w / 2 ? alpha : 255;
      }
    return { data, width: w, height: h, channels };
  };

  it('gives 100 for identical images and less for a damaged one, also at odd sizes', () => {
    const a = gradient(37, 23, 3);
    expect(ssimulacra2(a, a)).toBe(100);
    const b = { ...a, data: a.data.map((v, i) => (i % 7 === 0 ? 255 - v : v)) };
    expect(ssimulacra2(a, b)).toBeLessThan(90);
  });

  it('refuses images of different sizes and images under 8×8', () => {
    expect(() => ssimulacra2(gradient(16, 16, 3), gradient(16, 17, 3))).toThrow(/size mismatch/);
    expect(() => ssimulacra2(gradient(7, 16, 3), gradient(7, 16, 3))).toThrow(/at least 8×8/);
  });

  it('sees damage hidden in transparent areas only where it is visible (blends on dark and bright grey)', () => {
    const a = gradient(32, 32, 4, 0);
    // Change colour only under fully transparent pixels: invisible on any background.
    const hidden = { ...a, data: a.data.map((v, i) => (i % 4 !== 3 && Math.floor(i / 4) % 32 < 16 ? 255 - v : v)) };
    expect(ssimulacra2(a, hidden)).toBe(100);
    // Change alpha itself: visible against at least one of the backgrounds.
    const opaque = { ...a, data: a.data.map((v, i) => (i % 4 === 3 ? 255 : v)) };
    expect(ssimulacra2(a, opaque)).toBeLessThan(50);
  });

  it('decodes 16-bit, grey and palette PNGs to 8-bit sRGB', async () => {
    const grey = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#808080' } })
      .greyscale()
      .png()
      .toBuffer();
    const decoded = await decodeToRgb(grey);
    expect(decoded).toMatchObject({ width: 20, height: 10, channels: 3 });
    expect(Array.from(decoded.data.subarray(0, 3))).toEqual([128, 128, 128]);
    const wide = await decodeToRgb(readCorpus('pngsuite', 'basn2c16.png'));
    expect(wide.channels).toBe(3);
    expect(wide.data.length).toBe(32 * 32 * 3);
  });
});
