/**
 * bench:engine — the pipeline against a bare sharp loop with identical encoder settings, on the
 * Kodak set (PNG→JPEG, PNG→WebP, PNG→AVIF). Both run in the same process, one image at a time,
 * interleaved image by image so that machine noise hits both alike. Prints throughput ours/bare
 * (target ≥ 0.95): what our validation, header probe, limits, orientation and queue cost.
 */
import { encoderFor, type OutputFormat } from '../src/formats/index.js';
import { createPipeline } from '../src/compress/index.js';
import { plan } from '../src/pipeline/steps/plan.js';
import { probe } from '../src/pipeline/steps/probe.js';
import { parseOptions } from '../src/pipeline/options.js';
import { DEFAULT_LIMITS } from '../src/pipeline/limits.js';
import { sharp } from '../src/pipeline/sharp.js';
import { loadConfig } from '../src/config.js';
import { kodak, median, table } from './support.js';

const images = kodak();
const pipeline = createPipeline(loadConfig({ WORKERS: '1' }));
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

async function settingsFor(format: OutputFormat) {
  const first = images[0]!.bytes;
  return plan(await probe(first, 'png', DEFAULT_LIMITS), parseOptions({ format })).settings;
}

async function timed(run: (bytes: Buffer) => Promise<Buffer>, bytes: Buffer): Promise<{ ms: number; size: number }> {
  const start = performance.now();
  const out = await run(bytes);
  return { ms: performance.now() - start, size: out.length };
}

const rows: Array<Array<string | number>> = [];
for (const format of ['jpeg', 'webp', 'avif'] as const) {
  const settings = await settingsFor(format);
  const encoder = encoderFor(format);
  const bare = (bytes: Buffer) => encoder.apply(sharp(bytes), settings).toBuffer();
  const ours = async (bytes: Buffer) => (await pipeline.compress(bytes, { format })).data;
  for (const image of images.slice(0, 4)) await bare(image.bytes); // warm-up
  // Interleaved image by image (order alternating) so that load from other processes hits both alike.
  const perRound: Array<{ bare: number; ours: number }> = [];
  let sizes = { bare: 0, ours: 0 };
  for (let r = 0; r < rounds; r++) {
    const total = { bare: 0, ours: 0 };
    sizes = { bare: 0, ours: 0 };
    for (const [i, image] of images.entries()) {
      const bareFirst = (i + r) % 2 === 0;
      const a = await timed(bareFirst ? bare : ours, image.bytes);
      const b = await timed(bareFirst ? ours : bare, image.bytes);
      const [bareRun, oursRun] = bareFirst ? [a, b] : [b, a];
      total.bare += bareRun.ms;
      total.ours += oursRun.ms;
      sizes.bare += bareRun.size;
      sizes.ours += oursRun.size;
    }
    perRound.push(total);
  }
  const bareMedian = median(perRound.map((t) => t.bare));
  const oursMedian = median(perRound.map((t) => t.ours));
  const ratios = perRound.map((t) => t.bare / t.ours);
  rows.push([
    `PNG→${format.toUpperCase()}`,
    (images.length / (bareMedian / 1000)).toFixed(2),
    (images.length / (oursMedian / 1000)).toFixed(2),
    median(ratios).toFixed(3),
    `${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)}`,
    sizes.ours === sizes.bare ? 'identical' : `${sizes.ours} vs ${sizes.bare}`,
  ]);
}

console.log(`bench:engine — ${images.length} Kodak images, ${rounds} alternating rounds, median per round\n`);
console.log(table(['conversion', 'bare sharp img/s', 'pipeline img/s', 'throughput ours/bare (target ≥ 0.95), median', 'range over rounds', 'output bytes'], rows));
