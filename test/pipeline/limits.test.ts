import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CompressorError, type ErrorCode } from '../../src/errors.js';
import { compress } from '../../src/compress/compress.js';
import { compressRaw } from '../support/compress-raw.js';
import { DEFAULT_LIMITS, type PipelineLimits } from '../../src/pipeline/limits.js';
import { readCorpus } from '../support/corpus.js';

async function codeOf(promise: Promise<unknown>): Promise<ErrorCode> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CompressorError) return error.code;
    throw error;
  }
  throw new Error('expected a failure');
}

const photo = readCorpus('kodak', 'kodim15.png');

async function animatedGif(frames: number): Promise<Buffer> {
  const colours = Array.from({ length: frames }, (_, i) => ({ r: (i * 40) % 256, g: 120, b: 255 - ((i * 40) % 256) }));
  const pngs = await Promise.all(colours.map((c) => sharp({ create: { width: 48, height: 32, channels: 3, background: c } }).png().toBuffer()));
  return sharp(pngs, { join: { animated: true } }).gif({ delay: 100 }).toBuffer();
}

describe('limits are configurable', () => {
  it('refuses input over maxInputBytes, and accepts it under a larger limit', async () => {
    const limits: PipelineLimits = { ...DEFAULT_LIMITS, maxInputBytes: photo.length - 1 };
    expect(await codeOf(compress(photo, {}, limits))).toBe('FILE_TOO_LARGE');
    expect((await compress(photo, { format: 'jpeg' }, { ...limits, maxInputBytes: photo.length })).format).toBe('jpeg');
  });

  it('refuses more pixels than maxPixels, from the header', async () => {
    const limits: PipelineLimits = { ...DEFAULT_LIMITS, maxPixels: 768 * 512 - 1 };
    expect(await codeOf(compress(photo, {}, limits))).toBe('TOO_MANY_PIXELS');
  });

  it('stops a compression that runs past the timeout, without waiting for the encoder to finish', async () => {
    const big = await sharp(photo).resize(3000, 2000, { fit: 'fill' }).png({ compressionLevel: 1 }).toBuffer();
    const limits: PipelineLimits = { ...DEFAULT_LIMITS, timeoutMs: 100 };
    const code = await codeOf(compress(big, { format: 'avif', effort: 10 }, limits));
    // libvips, on its own threads, is still at this encode (seconds of work) when TIMEOUT comes
    // back: the caller is answered at the deadline, not once the encoder is done.
    const encodesInFlight = sharp.counters().process;
    expect(code).toBe('TIMEOUT');
    expect(encodesInFlight).toBeGreaterThan(0);
  });
});

describe('animation', () => {
  it('keeps every frame when the output can hold an animation (WebP, GIF)', async () => {
    const gif = await animatedGif(5);
    for (const format of ['webp', 'gif'] as const) {
      const result = await compress(gif, { format });
      expect(result.frames).toBe(5);
      const meta = await sharp(result.data, { animated: true }).metadata();
      expect(meta.pages, format).toBe(5);
      expect([result.width, result.height]).toEqual([48, 32]);
    }
  });

  it('resizes every frame', async () => {
    const result = await compress(await animatedGif(3), { format: 'webp', maxWidth: 24 });
    const meta = await sharp(result.data, { animated: true }).metadata();
    expect([meta.width, meta.pageHeight, meta.pages]).toEqual([24, 16, 3]);
  });

  it('refuses to silently drop frames into JPEG, PNG or AVIF', async () => {
    const gif = await animatedGif(3);
    for (const format of ['jpeg', 'png', 'avif']) {
      expect(await codeOf(compressRaw(gif, { format }))).toBe('ANIMATION_NOT_SUPPORTED');
    }
  });

  it('refuses more frames than maxFrames', async () => {
    expect(await codeOf(compress(await animatedGif(4), { format: 'webp' }, { ...DEFAULT_LIMITS, maxFrames: 3 }))).toBe('TOO_MANY_FRAMES');
  });
});

describe('resize', () => {
  it('fits inside maxWidth × maxHeight, keeping the aspect ratio', async () => {
    const result = await compress(photo, { maxWidth: 400, maxHeight: 100 });
    expect([result.width, result.height]).toEqual([150, 100]);
  });

  it('never enlarges', async () => {
    const result = await compress(photo, { format: 'jpeg', maxWidth: 4000, maxHeight: 4000 });
    expect([result.width, result.height]).toEqual([768, 512]);
  });

  it('refuses an output larger than the format can hold, naming the limit', async () => {
    const wide = await sharp({ create: { width: 17000, height: 8, channels: 3, background: '#888' } }).png().toBuffer();
    expect(await codeOf(compress(wide, { format: 'webp' }))).toBe('OUTPUT_TOO_LARGE');
    // …and resizing makes it fit.
    expect((await compress(wide, { format: 'webp', maxWidth: 16000 })).width).toBe(16000);
  });
});

describe('never larger', () => {
  it('returns the original bytes when re-encoding does not make them smaller', async () => {
    const tiny = await sharp(photo).resize(64).png({ palette: true, colours: 16, compressionLevel: 9, effort: 10 }).toBuffer();
    const result = await compress(tiny, { lossless: true });
    expect(result.keptOriginal).toBe(true);
    expect(result.data.equals(tiny)).toBe(true);
    expect(result.outputBytes).toBe(tiny.length);
  });

  it('does not return the original when the format changes, or when it was resized', async () => {
    const tiny = await sharp(photo).resize(64).jpeg({ quality: 20 }).toBuffer();
    const other = await compress(tiny, { format: 'png', lossless: true });
    expect(other.keptOriginal).toBe(false);
    expect(other.format).toBe('png');
    const resized = await compress(tiny, { quality: 100, maxWidth: 63 });
    expect(resized.keptOriginal).toBe(false);
    expect(resized.width).toBe(63);
  });

  it('does not hand back metadata that the policy removes', async () => {
    const tagged = await sharp(photo).resize(64).withExif({ IFD0: { Make: 'TestCam' } }).jpeg({ quality: 20 }).toBuffer();
    const result = await compress(tagged, { quality: 100 });
    expect(result.keptOriginal).toBe(false);
    expect((await sharp(result.data).metadata()).exif).toBeUndefined();
  });
});
