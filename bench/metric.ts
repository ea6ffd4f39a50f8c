/**
 * bench:metric — how fast our SSIMULACRA2 is, because the automatic-quality search runs it several
 * times per image. For Kodak photos and large photos it prints, per image size: the metric's time
 * per megapixel (scoring from scratch, and against a prepared reference as the search does), and
 * the ratio against one fixed-quality JPEG encode of the same image (the product's default JPEG
 * settings, measured in the same run, alternating so that machine noise hits both alike).
 *
 * Large photos: Debian's libjxl-testdata (flower.png, 2268×1512) when installed — this script
 * installs it when it may (root, apt-get) — plus two 3072×2048 mosaics of Kodak photos.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compress } from '../src/pipeline/index.js';
import { sharp } from '../src/pipeline/sharp.js';
import { decodeToRgb, prepareReference, ssimulacra2, type RgbPixels } from '../src/quality/ssimulacra2.js';

const CORPUS = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
const FLOWER = '/usr/share/libjxl-testdata/jxl/flower/flower.png';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

export interface BenchImage {
  readonly name: string;
  readonly bytes: Buffer;
}

export function kodakImages(): BenchImage[] {
  const dir = path.join(CORPUS, 'kodak');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(path.join(dir, name)) }));
}

/** Installs libjxl-testdata when it is missing and we are allowed to (root with apt-get). */
export function ensureLibjxlTestdata(): void {
  if (existsSync(FLOWER) || process.getuid?.() !== 0) return;
  try {
    execFileSync('apt-get', ['install', '-y', '-q', 'libjxl-testdata'], { stdio: 'ignore' });
  } catch {
    // Without it the benchmark still runs on the Kodak mosaics.
  }
}

/** flower.png (3.4 MP) when available, and two 6.3 MP mosaics of 4×4 Kodak photos. */
export async function largePhotos(): Promise<BenchImage[]> {
  ensureLibjxlTestdata();
  const out: BenchImage[] = existsSync(FLOWER) ? [{ name: 'flower.png', bytes: readFileSync(FLOWER) }] : [];
  const kodak = kodakImages();
  for (const [name, offset] of [['kodak-mosaic-a.png', 0], ['kodak-mosaic-b.png', 8]] as const) {
    const tiles = await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        const tile = await sharp(kodak[(offset + i) % kodak.length]!.bytes).resize(768, 512, { fit: 'cover' }).png().toBuffer();
        return { input: tile, left: (i % 4) * 768, top: Math.floor(i / 4) * 512 };
      }),
    );
    const bytes = await sharp({ create: { width: 3072, height: 2048, channels: 3, background: '#000' } }).composite(tiles).png().toBuffer();
    out.push({ name, bytes });
  }
  return out;
}

export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(cells[0]!), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.slice(1).map(line)].join('\n');
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function time<T>(run: () => Promise<T> | T): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

interface Row {
  readonly set: string;
  readonly mp: number;
  readonly jpeg: number[];
  readonly full: number[];
  readonly prepared: number[];
  readonly prepare: number[];
}

async function measure(set: string, images: BenchImage[]): Promise<Row> {
  const row: Row = { set, mp: 0, jpeg: [], full: [], prepared: [], prepare: [] };
  let pixels = 0;
  for (const image of images) {
    const jpeg = (await compress(image.bytes, { format: 'jpeg' })).data;
    const [ref, dist] = await Promise.all([decodeToRgb(image.bytes), decodeToRgb(jpeg)]);
    const mp = (ref.width * ref.height) / 1e6;
    pixels += mp;
    ssimulacra2(ref, dist); // warm-up
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate the order so that noise from other processes hits encoder and metric alike.
      const encode = (): Promise<number> => time(() => compress(image.bytes, { format: 'jpeg' }));
      const score = (): Promise<number> => time(() => ssimulacra2(ref, dist));
      let e: number;
      let s: number;
      if (r % 2 === 0) {
        e = await encode();
        s = await score();
      } else {
        s = await score();
        e = await encode();
      }
      row.jpeg.push(e / mp);
      row.full.push(s / mp);
      let prepared: ReturnType<typeof prepareReference> | undefined;
      row.prepare.push((await time(() => (prepared = prepareReference(ref)))) / mp);
      row.prepared.push((await time(() => prepared!.score(dist as RgbPixels))) / mp);
    }
  }
  return { ...row, mp: pixels / images.length };
}

const rows = [await measure('Kodak (8 of 24)', kodakImages().filter((_, i) => i % 3 === 0)), await measure('large photos', await largePhotos())];
console.log('\nSSIMULACRA2 speed (median over images and rounds; ms per megapixel)\n');
console.log(
  table(
    ['images', 'avg MP', 'JPEG encode ms/MP', 'metric ms/MP', '× JPEG', 'prepare ref ms/MP', 'prepared score ms/MP', '× JPEG'],
    rows.map((r) => {
      const jpeg = median(r.jpeg);
      return [
        r.set,
        r.mp.toFixed(2),
        jpeg.toFixed(0),
        median(r.full).toFixed(0),
        (median(r.full) / jpeg).toFixed(2),
        median(r.prepare).toFixed(0),
        median(r.prepared).toFixed(0),
        (median(r.prepared) / jpeg).toFixed(2),
      ];
    }),
  ),
);
console.log('\nJPEG encode = the pipeline\'s compress(png, { format: "jpeg" }) at the default quality, decode included.');
