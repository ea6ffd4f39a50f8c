import { CompressorError } from '../../errors.js';
import { FORMATS, defaultOutputFor, encoderFor, type EncodeSettings, type OutputFormat } from '../../formats/index.js';
import { assertResolved, type CompressOptions } from '../options.js';
import type { Probe } from './probe.js';

/** Everything the encode step needs, decided before any pixel is touched. */
export interface Plan {
  readonly output: OutputFormat;
  readonly settings: EncodeSettings;
  /** Displayed size (after EXIF orientation) and the size after the resize. */
  readonly width: number;
  readonly height: number;
  readonly resized: boolean;
  readonly animated: boolean;
  readonly flatten: boolean;
}

/** Fit (w, h) inside the box, never enlarging; libvips rounds the same way. */
function fitInside(w: number, h: number, maxW: number | undefined, maxH: number | undefined): { width: number; height: number } {
  const scale = Math.min(1, maxW ? maxW / w : 1, maxH ? maxH / h : 1);
  if (scale >= 1) return { width: w, height: h };
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

/** Step 4: resolve the output format, the encoder settings and the final size. */
export function plan(probe: Probe, options: CompressOptions): Plan {
  assertResolved(options);
  const output = options.format ?? defaultOutputFor(probe.format);
  const encoder = encoderFor(output);
  const animated = probe.frames > 1;
  if (animated && !encoder.supportsAnimation) {
    throw new CompressorError('ANIMATION_NOT_SUPPORTED', {
      message: `This image is animated (${probe.frames} frames) and ${FORMATS[output].label} cannot hold an animation. Choose WebP or GIF.`,
      details: { frames: probe.frames, format: output },
    });
  }
  const swapped = probe.orientation >= 5 && probe.orientation <= 8;
  const shownW = swapped ? probe.height : probe.width;
  const shownH = swapped ? probe.width : probe.height;
  const { width, height } = fitInside(shownW, shownH, options.maxWidth, options.maxHeight);
  if (Math.max(width, height) > encoder.maxDimension) {
    throw new CompressorError('OUTPUT_TOO_LARGE', {
      message: `The image is ${width}×${height} pixels and ${FORMATS[output].label} holds at most ${encoder.maxDimension} per side. Resize it or choose another format.`,
      details: { width, height, format: output, maxDimension: encoder.maxDimension },
    });
  }
  const quality = options.quality ?? encoder.defaultQuality;
  const lossless = options.lossless && encoder.supportsLossless;
  return {
    output,
    width,
    height,
    resized: width !== shownW || height !== shownH,
    animated,
    flatten: probe.hasAlpha && !encoder.supportsAlpha,
    settings: {
      quality,
      lossless,
      effort: options.effort ?? encoder.defaultEffort,
      progressive: options.progressive,
      chromaSubsampling: options.chromaSubsampling === 'auto' ? encoder.autoChroma(quality) : options.chromaSubsampling,
      palette: options.palette,
    },
  };
}
