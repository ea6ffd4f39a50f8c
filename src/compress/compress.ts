import type { InputFormat, OutputFormat } from '../formats/index.js';
import { FORMATS } from '../formats/index.js';
import { DEFAULT_LIMITS, type PipelineLimits } from '../pipeline/limits.js';
import { DEFAULT_OPTIONS, isResolved, type CompressOptions } from '../pipeline/options.js';
import { checkInput } from '../pipeline/steps/check-input.js';
import { detect } from '../pipeline/steps/detect.js';
import { encode } from '../pipeline/steps/encode.js';
import { originalIsAcceptable } from '../pipeline/steps/keep-original.js';
import { plan } from '../pipeline/steps/plan.js';
import { probe } from '../pipeline/steps/probe.js';
import { stripLocation } from '../pipeline/steps/strip-location.js';
import { searchAutomatically, type FormatCandidate } from '../quality/search/automatic.js';

export interface CompressResult {
  readonly data: Buffer;
  readonly format: OutputFormat;
  readonly mime: string;
  readonly extension: string;
  readonly inputFormat: InputFormat;
  readonly inputBytes: number;
  readonly outputBytes: number;
  readonly width: number;
  /** Height of one frame. */
  readonly height: number;
  readonly frames: number;
  /** The quality the encoder used; undefined for lossless output. */
  readonly quality: number | undefined;
  readonly lossless: boolean;
  /** True when the encoded result was not smaller and the original bytes came back instead. */
  readonly keptOriginal: boolean;
  /**
   * Automatic modes (quality/format auto, target, maxBytes; issue 6): the SSIMULACRA2 score of the
   * result against the upload — 100 identical, 90 invisible at 1:1, 80 no difference side by
   * side, 70 high, 50 medium. Undefined when nothing was measured (fixed quality).
   */
  readonly score?: number;
  /** Automatic modes: the score aimed at (undefined for maxBytes alone). */
  readonly target?: number;
  /** Automatic modes: the best result of each format tried, smallest first (format=auto: the winner is `format`). */
  readonly candidates?: readonly FormatCandidate[];
}

/**
 * The whole compression: bytes in, smaller bytes out, in memory only. Knows nothing about HTTP,
 * terminals or files. `options` are typed: adapters parse what people type once, with
 * `parseOptions` (src/pipeline/options.ts), before any work; what is left out takes its default.
 */
export async function compress(input: Uint8Array, options: Partial<CompressOptions> = {}, limits: PipelineLimits = DEFAULT_LIMITS): Promise<CompressResult> {
  const parsed: CompressOptions = { ...DEFAULT_OPTIONS, ...withoutUndefined(options) };
  checkInput(input, limits);
  const inputFormat = detect(input);
  const header = await probe(input, inputFormat, limits);
  // Automatic quality, format or size: src/quality/search finds the answer, with the same plan and encode steps.
  const auto = isResolved(parsed) ? undefined : await searchAutomatically(input, header, parsed, limits);
  const decided = auto ? auto.plan : plan(header, parsed);
  const encoded = auto ? auto.encoded : await encode(input, decided, parsed, limits);
  const data = parsed.metadata === 'keep-all-but-location' ? stripLocation(encoded.data, decided.output) : encoded.data;
  const keptOriginal = data.length >= input.length && originalIsAcceptable(header, decided, parsed.metadata);
  const final = keptOriginal ? Buffer.from(input) : data;
  const spec = FORMATS[decided.output];
  return {
    data: final,
    format: decided.output,
    mime: spec.mime,
    extension: spec.extension,
    inputFormat,
    inputBytes: input.length,
    outputBytes: final.length,
    width: keptOriginal ? decided.width : encoded.width,
    height: keptOriginal ? decided.height : encoded.height,
    frames: header.frames,
    quality: decided.settings.lossless ? undefined : decided.settings.quality,
    lossless: decided.settings.lossless,
    keptOriginal,
    // The original itself scores 100 against itself.
    ...(auto && { score: keptOriginal ? 100 : auto.score, target: auto.target, candidates: auto.candidates }),
  };
}

/** An option given as undefined means "not given" (its default), as when it is left out. */
function withoutUndefined(options: Partial<CompressOptions>): Partial<CompressOptions> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
