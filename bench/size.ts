/**
 * bench:size — output size at the default settings, per output format, on the Kodak set and on a
 * few large photos, against sharp's own defaults and against Debian's reference encoders at their
 * defaults (cjpeg from libjpeg-turbo, cwebp, pngquant). Each row has a similarity figure
 * (SSIMULACRA2: 90 invisible, 70 high, 50 medium), so that smaller is never bought with worse.
 * Needs: apt-get install libjpeg-turbo-progs webp pngquant (and libjxl-testdata for flower.png).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compress } from '../src/compress/compress.js';
import type { OutputFormat } from '../src/formats/index.js';
import { sharp } from '../src/pipeline/sharp.js';
import { scoreImages } from '../src/quality/metric/ssimulacra2.js';
import { kodak, largePhotos, median, table } from './support.js';

type Encoder = (png: Buffer) => Promise<Buffer>;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-size-'));

function haveCommand(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs a command-line encoder through files in a temporary folder (benchmark only). */
function viaFiles(run: (input: string, output: string) => void, inputExt: string, make: (png: Buffer) => Promise<Buffer> = async (b) => b): Encoder {
  return async (png) => {
    const input = path.join(tmp, `in.${inputExt}`);
    const output = path.join(tmp, 'out.bin');
    writeFileSync(input, await make(png));
    run(input, output);
    return readFileSync(output);
  };
}

async function toPpm(png: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return Buffer.concat([Buffer.from(`P6\n${info.width} ${info.height}\n255\n`), data]);
}

const ours = (format: OutputFormat): Encoder => async (png) => (await compress(png, { format })).data;

const contenders: Record<string, Array<[string, Encoder]>> = {
  jpeg: [
    ['CompressorImage', ours('jpeg')],
    ['sharp default', (b) => sharp(b).jpeg().toBuffer()],
    ['cjpeg (libjpeg-turbo) default', viaFiles((i, o) => execFileSync('cjpeg', ['-outfile', o, i]), 'ppm', toPpm)],
  ],
  webp: [
    ['CompressorImage', ours('webp')],
    ['sharp default', (b) => sharp(b).webp().toBuffer()],
    ['cwebp default', viaFiles((i, o) => execFileSync('cwebp', ['-quiet', i, '-o', o]), 'png')],
  ],
  png: [
    ['CompressorImage', ours('png')],
    ['sharp default', (b) => sharp(b).png().toBuffer()],
    ['pngquant default', viaFiles((i, o) => execFileSync('pngquant', ['--force', '--output', o, i]), 'png')],
  ],
  avif: [
    ['CompressorImage', ours('avif')],
    ['sharp default', (b) => sharp(b).avif().toBuffer()],
  ],
};

const sets = [
  { name: 'Kodak (24)', images: kodak() },
  { name: 'large photos', images: await largePhotos() },
];

const rows: Array<Array<string | number>> = [];
try {
  for (const set of sets) {
    for (const [format, list] of Object.entries(contenders)) {
      let oursBytes = 0;
      for (const [name, encode] of list) {
        const tool = name.split(' ')[0]!;
        if (['cjpeg', 'cwebp', 'pngquant'].includes(tool) && !haveCommand(tool)) {
          rows.push([set.name, format, name, 'not installed', '', '', '']);
          continue;
        }
        let bytes = 0;
        const scores: number[] = [];
        for (const image of set.images) {
          const out = await encode(image.bytes);
          bytes += out.length;
          scores.push(await scoreImages(image.bytes, out));
        }
        if (name === 'CompressorImage') oursBytes = bytes;
        rows.push([set.name, format, name, bytes, (bytes / oursBytes).toFixed(3), median(scores).toFixed(1), Math.min(...scores).toFixed(1)]);
      }
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

console.log('bench:size — default settings; bytes relative to CompressorImage (>1 means the other is larger); SSIMULACRA2 median / min\n');
console.log(table(['set', 'format', 'encoder', 'total bytes', 'bytes / ours', 'score median', 'score min'], rows));
