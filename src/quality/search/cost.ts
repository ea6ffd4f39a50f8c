/** What a search did, for reports and the benchmark: how many encodes and scores, and where the time went. */

export interface SearchCost {
  fullEncodes: number;
  fullScores: number;
  /** Trials on the mosaic: each is one encode and one score of the mosaic. */
  mosaicTrials: number;
  /**
   * Wall time by phase, in ms (with format=auto the formats' searches overlap, so the phases add up
   * to more than the whole): decoding the reference, preparing the mosaic in the metric workers,
   * the trials on the mosaic, and the full-size encodes and scores.
   */
  readonly ms: { reference: number; mosaicSetup: number; mosaicTrials: number; fullEncode: number; fullScore: number };
}

export function newSearchCost(): SearchCost {
  return { fullEncodes: 0, fullScores: 0, mosaicTrials: 0, ms: { reference: 0, mosaicSetup: 0, mosaicTrials: 0, fullEncode: 0, fullScore: 0 } };
}

/** Runs `work`, adding its wall time to `cost.ms[phase]`. */
export async function timed<T>(cost: SearchCost, phase: keyof SearchCost['ms'], work: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    cost.ms[phase] += performance.now() - start;
  }
}
