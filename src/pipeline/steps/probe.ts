import { CompressorError } from '../../errors.js';
import type { InputFormat } from '../../formats/index.js';
import type { PipelineLimits } from '../limits.js';
import { sharp } from '../sharp.js';

/** What the header says, read without decoding pixels. */
export interface Probe {
  readonly format: InputFormat;
  readonly width: number;
  /** Height of one frame. */
  readonly height: number;
  readonly frames: number;
  readonly hasAlpha: boolean;
  /** EXIF orientation 1–8; 1 when absent. */
  readonly orientation: number;
  readonly hasExif: boolean;
  readonly hasIcc: boolean;
  readonly hasXmp: boolean;
  readonly hasIptc: boolean;
}

const ANIMATED_FORMATS: ReadonlySet<InputFormat> = new Set(['gif', 'webp']);

/** Step 3: read the header and enforce the pixel and frame limits before any decoding. */
export async function probe(input: Uint8Array, format: InputFormat, limits: PipelineLimits): Promise<Probe> {
  let meta;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (cause) {
    throw new CompressorError('CORRUPT_IMAGE', { cause });
  }
  const { width, height } = meta;
  if (!width || !height) throw new CompressorError('CORRUPT_IMAGE', { cause: new Error('header without dimensions') });
  const frames = ANIMATED_FORMATS.has(format) ? Math.max(1, meta.pages ?? 1) : 1;
  if (frames > limits.maxFrames) {
    throw new CompressorError('TOO_MANY_FRAMES', {
      message: `The animation has ${frames} frames; this service accepts at most ${limits.maxFrames}.`,
      details: { frames, limitFrames: limits.maxFrames },
    });
  }
  const pixels = width * height * frames;
  if (pixels > limits.maxPixels) {
    throw new CompressorError('TOO_MANY_PIXELS', {
      message: `The image has ${(pixels / 1e6).toFixed(1)} megapixels; this service accepts at most ${(limits.maxPixels / 1e6).toFixed(1)}.`,
      details: { width, height, frames, limitPixels: limits.maxPixels },
    });
  }
  return {
    format,
    width,
    height,
    frames,
    hasAlpha: meta.hasAlpha === true,
    orientation: meta.orientation ?? 1,
    hasExif: meta.exif !== undefined,
    hasIcc: meta.icc !== undefined,
    hasXmp: meta.xmp !== undefined,
    hasIptc: meta.iptc !== undefined,
  };
}
