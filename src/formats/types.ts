import type { Sharp } from 'sharp';
import type { InputFormat } from '../shared/signatures.js';

export { INPUT_FORMATS, type InputFormat } from '../shared/signatures.js';

export const OUTPUT_FORMATS = ['jpeg', 'png', 'webp', 'avif', 'gif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

type ChromaSubsampling = '4:2:0' | '4:4:4';

/** Encoder settings after defaults are resolved: what one encode actually uses. */
export interface EncodeSettings {
  /** 1–100. For PNG it is the palette quantiser's quality; ignored when lossless. */
  readonly quality: number;
  readonly lossless: boolean;
  /** The product's uniform 1–10 scale; each format maps it onto its encoder's own range. */
  readonly effort: number;
  readonly progressive: boolean;
  readonly chromaSubsampling: ChromaSubsampling;
  /** PNG only: quantise to a palette (lossy) instead of storing every colour. */
  readonly palette: boolean;
}

export interface EncoderSpec {
  /** Chosen by measurement on the corpus; see docs/defaults.md. */
  readonly defaultQuality: number;
  readonly defaultEffort: number;
  readonly supportsAlpha: boolean;
  readonly supportsAnimation: boolean;
  readonly supportsLossless: boolean;
  /** Largest width or height the encoder can write. */
  readonly maxDimension: number;
  /** Chroma subsampling when the caller leaves it on auto. */
  readonly autoChroma: (quality: number) => ChromaSubsampling;
  readonly apply: (image: Sharp, settings: EncodeSettings) => Sharp;
  /**
   * A faster encode whose decoded pixels are exactly those of `apply` (its bytes are larger): for
   * trial encodes that are only scored, never kept. Formats without one use `apply`.
   */
  readonly applyForScoring?: (image: Sharp, settings: EncodeSettings) => Sharp;
  /**
   * For encoders with fewer than 100 steps: the lowest quality whose file is byte for byte the
   * one `quality` gives, so that the automatic search never encodes the same output twice. Without
   * it, every quality is a step of its own.
   */
  readonly sameOutputFrom?: (quality: number) => number;
}

export interface FormatSpec<F extends InputFormat = InputFormat> {
  readonly id: F;
  readonly label: string;
  readonly mime: string;
  readonly extension: string;
  /** True when the first bytes are this format's signature (src/shared/signatures.ts). Never looks at names or MIME types. */
  readonly detect: (bytes: Uint8Array) => boolean;
  readonly encoder?: EncoderSpec;
}

/** Maps the product's effort 1–10 onto an encoder range [lo, hi], rounding to the nearest step. */
export function scaleEffort(effort: number, lo: number, hi: number): number {
  return Math.round(lo + ((effort - 1) * (hi - lo)) / 9);
}
