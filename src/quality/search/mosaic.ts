/**
 * The reduced version the search works on: a mosaic of tiles cut from the image on an even grid,
 * at full resolution. Downscaling would change what the encoder sees (every pixel of a downscaled
 * photo is busier), while tiles keep the real texture at the real pixel scale; a grid keeps sky,
 * faces and foliage in the proportions the whole image has. Tiles are 128 pixels by default (64
 * for some formats: see search-format.ts), multiples of every block size in play (JPEG 8/16, WebP
 * 16, AVIF 64), so block grids line up as in the full image.
 */
import type { RgbPixels } from '../pixels.js';

export const TILE = 128;

/**
 * A mosaic of about `budget` pixels, or undefined when the image is not much larger than that
 * (then the search runs on the image itself).
 */
export function mosaic(image: RgbPixels, budget: number, tile = TILE): RgbPixels | undefined {
  const tilesX = Math.floor(image.width / tile);
  const tilesY = Math.floor(image.height / tile);
  const wanted = Math.max(1, Math.round(budget / (tile * tile)));
  // Too few tiles to sample from, or the mosaic would be most of the image anyway.
  if (tilesX * tilesY < 2 * wanted || image.width * image.height < 2 * budget) return undefined;
  // Keep the image's aspect ratio in the grid of picked tiles.
  const across = Math.min(tilesX, Math.max(1, Math.round(Math.sqrt((wanted * tilesX) / tilesY))));
  const down = Math.min(tilesY, Math.max(1, Math.round(wanted / across)));
  const c = image.channels;
  const width = across * tile;
  const height = down * tile;
  const data = new Uint8Array(width * height * c);
  for (let j = 0; j < down; j++) {
    // The centre tile of each stratum, so edges and middle are both represented.
    const ty = Math.floor(((j + 0.5) * tilesY) / down);
    for (let i = 0; i < across; i++) {
      const tx = Math.floor(((i + 0.5) * tilesX) / across);
      for (let y = 0; y < tile; y++) {
        const from = ((ty * tile + y) * image.width + tx * tile) * c;
        data.set(image.data.subarray(from, from + tile * c), ((j * tile + y) * width + i * tile) * c);
      }
    }
  }
  return { data, width, height, channels: image.channels };
}
