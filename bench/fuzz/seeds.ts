/**
 * The images the fuzzer mutates: every image of ../shared/corpus, made small so that 20,000 inputs
 * run in minutes on two cores. Kodak photos, GIMP graphics and the SSIMULACRA2 vectors are shrunk
 * to at most 256 px in their own format (and the photos and graphics once more in another input
 * format, so that every decoder of the product is fuzzed: JPEG baseline and progressive, PNG,
 * WebP, AVIF, GIF, TIFF); PngSuite (tiny already, broken files included) is used as it is; two
 * animations (GIF, WebP) and a JPEG with EXIF and GPS complete the set.
 *
 * The seeds are made by the machine's libvips, so a seed:index names the same input on the same
 * installation; the replay (FUZZ_REPLAY) also writes the input to a file to keep.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharp, type Sharp } from '../../src/pipeline/sharp.js';
import { buildExif, withExifSegment } from '../../test/support/exif.js';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const SEED_SIZE = 256;

export interface Seed {
  readonly name: string;
  readonly bytes: Buffer;
}

type Encoding = 'png' | 'jpeg' | 'jpeg-progressive' | 'webp' | 'avif' | 'gif' | 'tiff';
const OTHER_ENCODINGS: readonly Encoding[] = ['jpeg', 'jpeg-progressive', 'webp', 'avif', 'gif', 'tiff'];

function encodeAs(image: Sharp, encoding: Encoding): Sharp {
  switch (encoding) {
    case 'png': return image.png();
    case 'jpeg': return image.jpeg({ quality: 80 });
    case 'jpeg-progressive': return image.jpeg({ quality: 80, progressive: true });
    case 'webp': return image.webp({ quality: 70 });
    case 'avif': return image.avif({ quality: 50, effort: 2 });
    case 'gif': return image.gif();
    case 'tiff': return image.tiff({ compression: 'lzw' });
  }
}

function encodingOf(file: string): Encoding {
  const extension = path.extname(file).slice(1).toLowerCase();
  if (extension === 'jpg' || extension === 'jpeg') return 'jpeg';
  if (extension === 'webp' || extension === 'avif' || extension === 'png') return extension;
  throw new Error(`no seed encoding for ${file}`);
}

function files(folder: string, pattern: RegExp): string[] {
  return readdirSync(path.join(CORPUS, folder)).filter((f) => pattern.test(f)).sort();
}

async function shrunk(file: string, encoding: Encoding): Promise<Buffer> {
  const image = sharp(readFileSync(path.join(CORPUS, file))).resize(SEED_SIZE, SEED_SIZE, { fit: 'inside', withoutEnlargement: true });
  return encodeAs(image, encoding).toBuffer();
}

async function animation(format: 'gif' | 'webp', frames: readonly Buffer[]): Promise<Buffer> {
  const small = await Promise.all(frames.map((f) => sharp(f).resize(64, 48, { fit: 'cover' }).png().toBuffer()));
  const joined = sharp(small, { join: { animated: true } });
  return (format === 'gif' ? joined.gif({ delay: 100 }) : joined.webp({ quality: 60, delay: 100 })).toBuffer();
}

/** Every seed, in a fixed order (the order is part of what a seed:index names). */
export async function fuzzSeeds(): Promise<Seed[]> {
  const seeds: Seed[] = [];
  const photosAndGraphics = [...files('kodak', /\.png$/).map((f) => `kodak/${f}`), ...files('graphics', /\.png$/).map((f) => `graphics/${f}`)];
  for (const [i, file] of photosAndGraphics.entries()) {
    seeds.push({ name: file, bytes: await shrunk(file, 'png') });
    const other = OTHER_ENCODINGS[i % OTHER_ENCODINGS.length]!;
    seeds.push({ name: `${file} as ${other}`, bytes: await shrunk(file, other) });
  }
  for (const file of files('ssimulacra2-vectors', /\.(png|jpg|webp|avif)$/)) {
    seeds.push({ name: `ssimulacra2-vectors/${file}`, bytes: await shrunk(`ssimulacra2-vectors/${file}`, encodingOf(file)) });
  }
  for (const file of files('pngsuite', /\.png$/)) {
    seeds.push({ name: `pngsuite/${file}`, bytes: readFileSync(path.join(CORPUS, 'pngsuite', file)) });
  }
  const frames = ['kodak/kodim03.png', 'kodak/kodim15.png', 'kodak/kodim23.png'].map((f) => readFileSync(path.join(CORPUS, f)));
  seeds.push({ name: 'animation of 3 Kodak photos (GIF)', bytes: await animation('gif', frames) });
  seeds.push({ name: 'animation of 3 Kodak photos (WebP)', bytes: await animation('webp', frames) });
  const jpeg = await shrunk('kodak/kodim05.png', 'jpeg');
  seeds.push({ name: 'kodak/kodim05.png as JPEG with EXIF and GPS', bytes: withExifSegment(jpeg, buildExif({ make: 'Fuzz', orientation: 6, gps: true })) });
  return seeds;
}
