/**
 * The search's tuning, per output format, as data: how large a mosaic to search on, in what tiles,
 * how far its score is expected to sit above the whole image's, and which checks an answer needs.
 * Every number was measured on Kodak and the large photos near target 80 (by replaying the search
 * over every quality's full-size and mosaic scores) and confirmed by bench:quality; docs/quality.md
 * ("How the search stays cheap", "Where the time goes") has the measurements behind each entry.
 */
import type { OutputFormat } from '../../formats/index.js';
import { TILE } from './mosaic.js';

export interface MosaicTuning {
  /**
   * Pixels in the mosaic, as a share of the image's between a floor and a ceiling. Trials on the
   * mosaic are cheap against a full-size verification on a large photo, but not on a small one:
   * there a smaller mosaic pays for itself even if it misleads a little more often.
   */
  readonly pixels: { readonly share: number; readonly min: number; readonly max: number };
  /** Tile side in pixels (see ./mosaic.ts). */
  readonly tile: number;
  /**
   * How many points the mosaic is expected to score above the whole image, before any full-size
   * score is known: the first aim on the mosaic is the target plus this (a mosaic's tiles see fewer
   * flat areas, and a palette fits a mosaic's fewer colours better).
   */
  readonly expectedMosaicBias: number;
  /**
   * Where the mosaic is less than `share` of the image's pixels (a large photo whose mosaic stays
   * small): another expected bias, and whether an answer is kept only once the quality below it has
   * failed at full size (for encoders whose mosaic bias jumps between neighbouring qualities, so
   * that a calibration does not carry over even one step).
   */
  readonly sparse?: { readonly share: number; readonly expectedMosaicBias: number; readonly confirmBelow: boolean };
  /**
   * On a photo of at most `pixels` pixels: another expected bias (its mosaic holds fewer tiles,
   * misses more of the photo's worst areas and scores further above it), and how many points the
   * full image's score moves per point of the mosaic's between nearby qualities, with which a
   * calibration made at one quality is carried to the next (elsewhere 1).
   */
  readonly small?: { readonly pixels: number; readonly expectedMosaicBias: number; readonly fullPointsPerMosaicPoint: number };
  /**
   * Trials on the mosaic two at a time, a quality and the one below it (LowestPassingQuery.pairs),
   * for encoders that run on one thread. The full-size reference is then analysed only from the
   * first full-size verification on (beside its encode), so that the pairs have the cores.
   */
  readonly pairedTrials?: boolean;
}

const SIXTH_OF_A_SMALL_PHOTO = { share: 0.15, min: 60_000, max: 100_000 } as const;

const MOSAIC_TUNING: Partial<Record<OutputFormat, MosaicTuning>> = {
  // 64-pixel tiles sample a photo better (the bias spreads 0.44 points instead of 0.73); on large
  // photos a sixth of the image up to 800 000 pixels, whose bias drifts less between qualities;
  // on small photos mozjpeg's full-size score climbs 1.1× faster than the mosaic's.
  jpeg: {
    pixels: { ...SIXTH_OF_A_SMALL_PHOTO, max: 800_000 },
    tile: 64,
    expectedMosaicBias: 1.1,
    small: { pixels: 1_000_000, expectedMosaicBias: 1.3, fullPointsPerMosaicPoint: 1.1 },
    pairedTrials: true,
  },
  // WebP chooses its segments from the whole picture's statistics: 128-pixel tiles, at most
  // 100 000 pixels, and on large photos its bias jumps between qualities (confirm below).
  webp: {
    pixels: SIXTH_OF_A_SMALL_PHOTO,
    tile: TILE,
    expectedMosaicBias: 1.0,
    sparse: { share: 0.1, expectedMosaicBias: 2.5, confirmBelow: true },
  },
  // At 100 000 pixels a 6 MP photo's mosaic drifted up to 2 points over ten qualities; at 400 000
  // it stays within 0.5.
  avif: { pixels: { share: 0.15, min: 100_000, max: 400_000 }, tile: TILE, expectedMosaicBias: 1.0 },
  // A palette fits a mosaic better than the whole photo: the mosaic scores 1.4–8 points higher
  // (median 3.9).
  png: { pixels: { share: 1, min: 100_000, max: 100_000 }, tile: TILE, expectedMosaicBias: 4.0 },
};

const DEFAULT_MOSAIC_TUNING: MosaicTuning = { pixels: { share: 1, min: 100_000, max: 100_000 }, tile: TILE, expectedMosaicBias: 0.8 };

/** The tuning the search uses for `format` (another can be passed to searchFormat, for tests). */
export function mosaicTuningFor(format: OutputFormat): MosaicTuning {
  return MOSAIC_TUNING[format] ?? DEFAULT_MOSAIC_TUNING;
}

interface Size {
  readonly width: number;
  readonly height: number;
}

/** How many pixels the mosaic of `image` should have. */
export function mosaicPixelsFor(tuning: MosaicTuning, image: Size): number {
  const { share, min, max } = tuning.pixels;
  return Math.min(max, Math.max(min, Math.round(share * image.width * image.height)));
}

/** How the search aims on one image's mosaic: the tuning's entries that apply to its size. */
export interface MosaicAims {
  readonly expectedMosaicBias: number;
  readonly confirmBelow: boolean;
  readonly fullPointsPerMosaicPoint: number;
  readonly pairedTrials: boolean;
}

export function mosaicAimsFor(tuning: MosaicTuning, image: Size, mosaic: Size): MosaicAims {
  const sparse = tuning.sparse && mosaic.width * mosaic.height < tuning.sparse.share * image.width * image.height ? tuning.sparse : undefined;
  const small = tuning.small && image.width * image.height <= tuning.small.pixels ? tuning.small : undefined;
  return {
    expectedMosaicBias: sparse?.expectedMosaicBias ?? small?.expectedMosaicBias ?? tuning.expectedMosaicBias,
    confirmBelow: sparse?.confirmBelow ?? false,
    fullPointsPerMosaicPoint: small?.fullPointsPerMosaicPoint ?? 1,
    pairedTrials: tuning.pairedTrials ?? false,
  };
}

/**
 * Formats whose score is not monotonic in quality: libimagequant chooses a new palette (and a new
 * dithering pattern) at every quality, so a lower quality sometimes scores higher. Their answer is
 * polished by trying the qualities just below it at full size (./polish.ts), and two failing
 * qualities with the very same score send the search to the top (the palette is saturated).
 */
export function scoresAreNoisy(format: OutputFormat): boolean {
  return format === 'png';
}

/**
 * Where the median photo needs a palette quality of at least this for the target, the top quality
 * is encoded and scored at full size before anything else. That is the flat top of the palette's
 * curve (see ./predict.ts): many photos saturate the palette there (every higher quality gives the
 * same file) below the target — 12 of the 24 Kodak photos at 80 — and for them this one encode is
 * the whole search; for the others it bounds the search from above.
 */
export const PALETTE_TOP_FIRST_FROM = 80;

/** Full-size verification rounds on the mosaic before the search finishes at full size alone. */
export const MAX_VERIFY_ROUNDS = 4;
