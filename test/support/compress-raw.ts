/**
 * What every adapter does with options people type (query strings, form fields, flags): parse them
 * once with `parseOptions`, then hand the typed options to the runner. Tests of option spellings and
 * combinations go through here; the runner itself takes only typed options.
 */
import { compress, type CompressResult } from '../../src/compress/index.js';
import { DEFAULT_LIMITS, type PipelineLimits } from '../../src/pipeline/limits.js';
import { parseOptions } from '../../src/pipeline/options.js';

export async function compressRaw(input: Uint8Array, raw: Readonly<Record<string, unknown>> = {}, limits: PipelineLimits = DEFAULT_LIMITS): Promise<CompressResult> {
  return compress(input, parseOptions(raw), limits);
}
