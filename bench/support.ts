/** Shared helpers for the benchmarks: corpus loading, timing and table printing. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));

export function kodak(): Array<{ name: string; bytes: Buffer }> {
  const dir = path.join(CORPUS, 'kodak');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(path.join(dir, name)) }));
}

/** Real multi-megapixel photos from Debian's libjxl-testdata (`apt-get install libjxl-testdata`). */
const LARGE_PHOTO_PATHS = ['/usr/share/libjxl-testdata/jxl/flower/flower.png'];

/**
 * A few large photos: flower.png (2268×1512) when libjxl-testdata is installed, and two 6-megapixel
 * mosaics of 4×4 Kodak photos (3072×2048), real photographic content at a modern camera-phone size.
 */
export async function largePhotos(): Promise<Array<{ name: string; bytes: Buffer }>> {
  const { default: sharp } = await import('sharp');
  const photos = LARGE_PHOTO_PATHS.filter((p) => existsSync(p)).map((p) => ({ name: path.basename(p), bytes: readFileSync(p) }));
  const all = kodak();
  for (const [name, offset] of [['kodak-mosaic-a.png', 0], ['kodak-mosaic-b.png', 8]] as const) {
    const tiles = Array.from({ length: 16 }, (_, i) => all[(offset + i) % all.length]!);
    const composites = await Promise.all(
      tiles.map(async (tile, i) => ({
        input: await sharp(tile.bytes).resize(768, 512, { fit: 'cover' }).toBuffer(),
        left: (i % 4) * 768,
        top: Math.floor(i / 4) * 512,
      })),
    );
    const bytes = await sharp({ create: { width: 3072, height: 2048, channels: 3, background: '#000' } })
      .composite(composites)
      .png({ compressionLevel: 6 })
      .toBuffer();
    photos.push({ name, bytes });
  }
  return photos;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(cells[0]!), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.slice(1).map(line)].join('\n');
}
