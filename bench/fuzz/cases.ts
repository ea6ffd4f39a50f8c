/**
 * One fuzz input: which seed, which changes, which options. Everything comes from one generator
 * seeded by (run seed, index), so FUZZ_REPLAY=<seed>:<index> rebuilds it exactly. Options are the
 * raw strings a client would send (the HTTP path puts them in the query string; the pipeline path
 * parses them with the same parseOptions), rotated so that every encoder, resizing, the metadata
 * policies and, on a few inputs, the automatic modes are reached.
 */
import { compress } from '../../src/compress/index.js';
import { isCompressorError, type ErrorCode } from '../../src/errors.js';
import type { PipelineLimits } from '../../src/pipeline/limits.js';
import { parseOptions } from '../../src/pipeline/options.js';
import { inputRandom, mutate, withPngCrcsRepaired, type MutationKind } from './mutate.js';
import type { Seed } from './seeds.js';

/** Limits of a fuzz run, on the pipeline path and on the server (as MAX_PIXELS, PROCESSING_TIMEOUT_MS). */
export const FUZZ_LIMITS: PipelineLimits = Object.freeze({
  maxInputBytes: 25 * 1024 * 1024,
  // Low, so that a header mutated into a large size is refused (or decoded quickly) instead of taking seconds.
  maxPixels: 1_000_000,
  maxFrames: 50,
  timeoutMs: 10_000,
});

/** An answer later than the processing timeout plus this is a hang. */
export const HANG_MARGIN_MS = 5_000;

export interface FuzzCase {
  readonly index: number;
  readonly seedName: string;
  readonly kinds: ReadonlyArray<MutationKind | 'crc-repaired'>;
  readonly bytes: Buffer;
  readonly query: Readonly<Record<string, string>>;
}

function chance(random: () => number, p: number): boolean {
  return random() < p;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function optionsFor(random: () => number): Record<string, string> {
  const query: Record<string, string> = {};
  const format = pick(random, ['', 'jpeg', 'png', 'webp', 'avif', 'gif', 'jpeg', 'webp']);
  if (format) query.format = format;
  // The automatic modes run a search of many encodes: a few inputs only, at a small size.
  if (chance(random, 0.03)) {
    query.quality = 'auto';
    query.maxWidth = '48';
  } else if (chance(random, 0.01)) {
    query.format = 'auto';
    query.formats = 'webp,jpeg';
    query.maxWidth = '48';
  } else {
    if (chance(random, 0.7)) query.quality = String(1 + Math.floor(random() * 100));
    if (chance(random, 0.6)) query.maxWidth = pick(random, ['16', '64', '128']);
    if (chance(random, 0.1)) query.maxHeight = pick(random, ['1', '32', '100']);
    if (chance(random, 0.1) && format !== 'jpeg' && format !== 'gif') query.lossless = 'true';
  }
  if (chance(random, 0.2)) query.metadata = pick(random, ['strip', 'keep-color-profile', 'keep-all-but-location', 'keep-all']);
  if (chance(random, 0.1)) query.effort = String(1 + Math.floor(random() * 4));
  if (chance(random, 0.1)) query.palette = 'false';
  if (chance(random, 0.1)) query.progressive = 'false';
  return query;
}

export function fuzzCase(seeds: readonly Seed[], runSeed: number, index: number): FuzzCase {
  const random = inputRandom(runSeed, index);
  const seed = pick(random, seeds);
  const query = optionsFor(random);
  const mutation = mutate(seed.bytes, random);
  // Half the mutated PNGs get their checksums repaired, so that the change reaches the decoder.
  const repair = random() < 0.5;
  const bytes = repair ? withPngCrcsRepaired(mutation.bytes) : mutation.bytes;
  return { index, seedName: seed.name, kinds: repair && bytes !== mutation.bytes ? [...mutation.kinds, 'crc-repaired'] : mutation.kinds, bytes, query };
}

/**
 * What became of one input. `refused` is an answer with a user-facing code (any code but
 * INTERNAL); `crash` is anything else thrown; `hang` is no answer within the timeout and margin.
 */
export type Outcome =
  | { readonly kind: 'compressed' }
  | { readonly kind: 'refused'; readonly code: ErrorCode }
  | { readonly kind: 'crash'; readonly detail: string }
  | { readonly kind: 'hang' };

export async function runThroughPipeline(fuzz: FuzzCase, limits: PipelineLimits = FUZZ_LIMITS): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'hang' }), limits.timeoutMs + HANG_MARGIN_MS);
  });
  const work = (async (): Promise<Outcome> => {
    try {
      await compress(fuzz.bytes, parseOptions(fuzz.query), limits);
      return { kind: 'compressed' };
    } catch (error) {
      if (isCompressorError(error) && error.code !== 'INTERNAL') return { kind: 'refused', code: error.code };
      const cause = isCompressorError(error) ? error.cause : error;
      return { kind: 'crash', detail: cause instanceof Error ? (cause.stack ?? cause.message) : String(cause) };
    }
  })();
  try {
    return await Promise.race([work, hang]);
  } finally {
    clearTimeout(timer);
  }
}
