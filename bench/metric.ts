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
import { compress } from '../src/compress/index.js';
import { decodeToRgb, prepareReference, ssimulacra2, type RgbPixels } from '../src/quality/metric/ssimulacra2.js';
import { scoreInWorkers, metricThreads } from '../src/quality/metric/worker-pool.js';
import { kodakImages, largePhotos, median, table, type BenchImage } from './quality-images.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

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
  readonly workers: number[];
}

async function measure(set: string, images: BenchImage[]): Promise<Row> {
  const row: Row = { set, mp: 0, jpeg: [], full: [], prepared: [], prepare: [], workers: [] };
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
      row.workers.push((await time(() => scoreInWorkers(ref, dist))) / mp);
    }
  }
  return { ...row, mp: pixels / images.length };
}

const rows = [await measure('Kodak (8 of 24)', kodakImages().filter((_, i) => i % 3 === 0)), await measure('large photos', await largePhotos())];
console.log('\nSSIMULACRA2 speed (median over images and rounds; ms per megapixel)\n');
console.log(
  table(
    ['images', 'avg MP', 'JPEG encode ms/MP', 'metric ms/MP', '× JPEG', `in ${metricThreads()} worker threads ms/MP`, '× JPEG', 'prepare ref ms/MP', 'prepared score ms/MP', '× JPEG'],
    rows.map((r) => {
      const jpeg = median(r.jpeg);
      return [
        r.set,
        r.mp.toFixed(2),
        jpeg.toFixed(0),
        median(r.full).toFixed(0),
        (median(r.full) / jpeg).toFixed(2),
        median(r.workers).toFixed(0),
        (median(r.workers) / jpeg).toFixed(2),
        median(r.prepare).toFixed(0),
        median(r.prepared).toFixed(0),
        (median(r.prepared) / jpeg).toFixed(2),
      ];
    }),
  ),
);
console.log('\nJPEG encode = the pipeline\'s compress(png, { format: "jpeg" }) at the default quality, decode included.');
