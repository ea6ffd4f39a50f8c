/**
 * The short version of `npm run fuzz` (bench/fuzz.ts) that every test run does: 300 seeded
 * mutations of the corpus through `compress`, each answered with a result or a user-facing code —
 * never an INTERNAL error or anything else thrown (a crash), never later than the processing
 * timeout (a hang). A failure prints the seed:index that FUZZ_REPLAY rebuilds.
 */
import { describe, expect, it } from 'vitest';
import { fuzzCase, runThroughPipeline } from '../../bench/fuzz/cases.js';
import { fuzzSeeds } from '../../bench/fuzz/seeds.js';
import { Tally } from '../../bench/fuzz/tally.js';

const RUN_SEED = 15;
const INPUTS = 300;
const seeds = await fuzzSeeds();

describe('fuzzing the pipeline (short run of npm run fuzz)', () => {
  it('a seed and an index name one input for ever, so that a failure can be replayed', () => {
    const first = fuzzCase(seeds, RUN_SEED, 123);
    const again = fuzzCase(seeds, RUN_SEED, 123);
    expect(again.bytes.equals(first.bytes)).toBe(true);
    expect(again).toEqual(first);
    expect(fuzzCase(seeds, RUN_SEED + 1, 123).bytes.equals(first.bytes)).toBe(false);
  });

  it(`${INPUTS} mutated images: no crash, no hang`, { timeout: 300_000 }, async () => {
    const tally = new Tally();
    // Two at a time, as the pipeline path of npm run fuzz runs them.
    let next = 0;
    const worker = async () => {
      while (next < INPUTS) {
        const index = next++;
        tally.add(index, await runThroughPipeline(fuzzCase(seeds, RUN_SEED, index)));
      }
    };
    await Promise.all([worker(), worker()]);
    const replays = tally.failures.map((f) => `${f.kind} — FUZZ_REPLAY=${RUN_SEED}:${f.index} npm run fuzz\n${f.detail}`);
    expect(replays).toEqual([]);
    expect(tally.tried).toBe(INPUTS);
    // The inputs reach both ends: some still compress, and most are refused with a code.
    expect(tally.compressed).toBeGreaterThan(0);
    expect(tally.refused.get('CORRUPT_IMAGE') ?? 0).toBeGreaterThan(0);
  });
});
