/** What the search of one output format works on. */
import type { OutputFormat } from '../../formats/index.js';
import type { PipelineLimits } from '../../pipeline/limits.js';
import type { ResolvedOptions } from '../../pipeline/options.js';
import type { Probe } from '../../pipeline/steps/probe.js';
import type { ReferenceScorer } from '../metric/worker-pool.js';
import type { RgbPixels } from '../pixels.js';
import type { Deadline } from './deadline.js';

/** The encoder qualities the search chooses among. */
export const QUALITY_RANGE: { readonly lo: number; readonly hi: number } = { lo: 1, hi: 100 };

export interface FormatJob {
  readonly input: Uint8Array;
  readonly header: Probe;
  readonly options: ResolvedOptions;
  readonly limits: PipelineLimits;
  readonly format: OutputFormat;
  /** The full-size reference for this format's plan (flattened when the format has no alpha). */
  readonly reference: RgbPixels;
  /** Scores full-size candidates against `reference` (prepared in the metric workers). */
  readonly scorer: ReferenceScorer;
  /** The processing timeout, for the whole search. */
  readonly deadline: Deadline;
}
