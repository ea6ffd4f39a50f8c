/**
 * The reduced image the automatic-quality search works on: whole tiles of the photo, cut on the
 * tile grid (so codec block grids line up), spread over the whole picture, about the pixels asked.
 */
import { describe, expect, it } from 'vitest';
import { mosaic } from '../../src/quality/search/mosaic.js';
import { decodeToRgb, type RgbPixels } from '../../src/quality/metric/ssimulacra2.js';
import { readCorpus } from '../support/corpus.js';

/** Where in `image` (tile-grid position) the mosaic's tile (i, j) was cut from, if anywhere. */
function sourceOf(image: RgbPixels, m: RgbPixels, tile: number, i: number, j: number): { tx: number; ty: number } | undefined {
  const c = image.channels;
  const rowOf = (px: RgbPixels, x: number, y: number): Uint8Array => px.data.subarray((y * px.width + x) * c, (y * px.width + x + tile) * c);
  for (let ty = 0; ty < Math.floor(image.height / tile); ty++) {
    for (let tx = 0; tx < Math.floor(image.width / tile); tx++) {
      let same = true;
      for (let y = 0; y < tile && same; y++) same = Buffer.from(rowOf(image, tx * tile, ty * tile + y)).equals(Buffer.from(rowOf(m, i * tile, j * tile + y)));
      if (same) return { tx, ty };
    }
  }
  return undefined;
}

describe('mosaic', () => {
  for (const tile of [64, 128]) {
    it(`${tile}-pixel tiles: whole tiles from the grid, spread over the photo, about the budget`, async () => {
      const image = await decodeToRgb(readCorpus('kodak', 'kodim05.png'));
      const m = mosaic(image, 100_000, tile)!;
      expect(m.width % tile).toBe(0);
      expect(m.height % tile).toBe(0);
      expect(m.width * m.height).toBeGreaterThan(60_000);
      expect(m.width * m.height).toBeLessThan(140_000);
      const sources = [];
      for (let j = 0; j < m.height / tile; j++) {
        for (let i = 0; i < m.width / tile; i++) {
          const from = sourceOf(image, m, tile, i, j);
          expect(from, `tile ${i},${j}`).toBeDefined();
          sources.push(from!);
        }
      }
      expect(new Set(sources.map((s) => `${s.tx},${s.ty}`)).size).toBe(sources.length);
      const rows = Math.floor(image.height / tile);
      const cols = Math.floor(image.width / tile);
      // Both halves of the picture, across and down, are sampled.
      expect(sources.some((s) => s.ty < rows / 2) && sources.some((s) => s.ty >= rows / 2)).toBe(true);
      expect(sources.some((s) => s.tx < cols / 2) && sources.some((s) => s.tx >= cols / 2)).toBe(true);
    });
  }

  it('smaller tiles sample more places for the same budget', async () => {
    const image = await decodeToRgb(readCorpus('kodak', 'kodim05.png'));
    const tiles = (tile: number): number => {
      const m = mosaic(image, 100_000, tile)!;
      return (m.width / tile) * (m.height / tile);
    };
    expect(tiles(64)).toBeGreaterThanOrEqual(4 * tiles(128) - 4);
  });

  it('an image not much larger than the budget is searched as it is', async () => {
    const image = await decodeToRgb(readCorpus('kodak', 'kodim05.png'));
    expect(mosaic(image, 300_000)).toBeUndefined();
  });
});
