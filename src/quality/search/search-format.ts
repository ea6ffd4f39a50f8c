/**
 * Automatic quality for one output format: the smallest output whose SSIMULACRA2 score, measured
 * on the real full-size output, reaches the target.
 *
 * 1. Predict a starting quality from the format's measured curve (./predict.ts).
 * 2. Search on a mosaic of full-resolution tiles (./mosaic.ts), where an encode and a score cost a
 *    fraction of full size, for the lowest quality reaching the target plus the mosaic's expected
 *    bias (./tuning.ts).
 * 3. Encode the full image at that quality through the pipeline and score it. The difference
 *    between the full-size and the mosaic score (the calibration) is nearly constant over nearby
 *    qualities, so the mosaic curve shifted by it predicts the full-size curve: re-aim on the
 *    mosaic and verify again only when the shifted curve says a different quality is the answer.
 * 4. Where full-size results leave a gap between a failure and a pass, close it at full size.
 * Small (and animated) images skip the mosaic and search at full size directly. Whatever path was
 * taken, the answer is a full-size encode whose own score reached the target.
 */
import { bracket } from './bracket.js';
import { timed, type SearchCost } from './cost.js';
import { lowestPassing, type LowestPassingQuery } from './find-lowest.js';
import { FullEvaluator, type FullCandidate } from './full-evaluator.js';
import { QUALITY_RANGE, type FormatJob } from './job.js';
import { mosaic } from './mosaic.js';
import { MosaicEvaluator } from './mosaic-evaluator.js';
import { polish } from './polish.js';
import { predictQuality, scoreSlope } from './predict.js';
import { MAX_VERIFY_ROUNDS, PALETTE_TOP_FIRST_FROM, mosaicAimsFor, mosaicPixelsFor, mosaicTuningFor, scoresAreNoisy, type MosaicAims, type MosaicTuning } from './tuning.js';

type Start = Pick<LowestPassingQuery, 'guess' | 'slope'>;

/**
 * The smallest full-size output of `job.format` whose score reaches `target`, or undefined when
 * even the highest quality falls short.
 */
export async function searchFormat(job: FormatJob, target: number, cost: SearchCost, tuning = mosaicTuningFor(job.format)): Promise<FullCandidate | undefined> {
  const full = new FullEvaluator(job, cost);
  const found = await lowestPassingCandidate(job, full, target, tuning);
  return found && scoresAreNoisy(job.format) ? polish(full, found, target) : found;
}

async function lowestPassingCandidate(job: FormatJob, full: FullEvaluator, target: number, tuning: MosaicTuning): Promise<FullCandidate | undefined> {
  const { lo, hi } = QUALITY_RANGE;
  const start: Start = { guess: predictQuality(job.format, target), slope: scoreSlope(job.format, target) };
  if (scoresAreNoisy(job.format) && start.guess >= PALETTE_TOP_FIRST_FROM && (await full.at(hi)).score < target) return undefined;
  const reduced = job.header.frames > 1 ? undefined : mosaic(job.reference, mosaicPixelsFor(tuning, job.reference), tuning.tile);

  if (!reduced) {
    // Small (or animated) image: the search itself runs at full size.
    const q = await lowestAtFullSize(full, new Map(), { target, lo, hi, ...start });
    return q === undefined ? undefined : full.at(q);
  }

  // Unless the mosaic's trials need the cores, the full-size reference is analysed beside them.
  if (!tuning.pairedTrials) job.scorer.start();
  const trials = await timed(full.cost, 'mosaicSetup', () => new MosaicEvaluator(reduced, full, job.format, full.cost, job.deadline));
  try {
    return await searchWithMosaic(full, target, trials, mosaicAimsFor(tuning, job.reference, reduced), start);
  } finally {
    trials.release();
  }
}

/** Steps 2 to 4 of the header: aim on the mosaic, verify at full size, re-aim with the calibration. */
async function searchWithMosaic(full: FullEvaluator, target: number, trials: MosaicEvaluator, aims: MosaicAims, start: Start): Promise<FullCandidate | undefined> {
  const { lo, hi } = QUALITY_RANGE;
  const noisy = scoresAreNoisy(full.format);
  const aim = (goal: number, top = hi): Promise<number | undefined> =>
    lowestPassing({ evaluate: trials.at, scores: trials.scores, target: goal, lo, hi: top, ...start, saturates: noisy, pairs: aims.pairedTrials });

  // Where an answer at q must have q − 1 measured at full size too (see below).
  const mustCheckBelow = (at: number): boolean => at - 1 >= lo && (aims.confirmBelow || full.settingsChangeBetween(at - 1, at));
  // The mosaic score to aim for, calibrated by a full-size score at some quality: the full image
  // needs `full − target` points less, which is `(full − target) / fullPointsPerMosaicPoint` on the mosaic.
  const calibrated = (mosaicScore: number, fullScore: number): number => mosaicScore - (fullScore - target) / aims.fullPointsPerMosaicPoint;
  let goal = target + aims.expectedMosaicBias;
  for (let round = 0; round < MAX_VERIFY_ROUNDS; round++) {
    const q = (await aim(goal)) ?? hi;
    // A quality the full-size results already bracket out cannot improve on what is known.
    const known = bracket(full.scores(), target, lo, hi);
    if (q >= known.passing || q <= known.failing) break;
    // Where it must, the first verification measures q and q − 1 at once: the encoder's single
    // thread leaves a core free, and the second is needed whenever q passes. Only the first: later
    // rounds come after the mosaic has misled once, when q fails more often and q − 1 would be
    // measured for nothing.
    const [verified] = await Promise.all([full.at(q), ...(round === 0 && mustCheckBelow(q) ? [full.at(q - 1)] : [])]);
    if (verified.score < target && noisy && q < hi && !full.results.has(hi)) {
      // A palette's best is its highest quality: there libimagequant may use every colour, and on
      // many photos it saturates (every quality above some point gives the very same file, which a
      // walk up to the top would encode again and again). If the top falls short, nothing reaches
      // the target; otherwise it bounds the search from above.
      if ((await full.at(hi)).score < target) return undefined;
    }
    goal = calibrated(trials.scores.get(q)!, verified.score);
    if (verified.score >= target) {
      // Could a lower quality pass too? The calibrated mosaic curve says.
      const lower = await aim(goal, q);
      if (lower !== undefined && lower < q && !full.results.has(lower)) continue;
      // The calibration carries over between qualities that differ in quality only. Where the
      // encoder changes more (JPEG turns chroma subsampling off at 90, and the score jumps), or
      // where it does not carry over at all (confirmBelow), the quality just below is measured at
      // full size; if it passes, the search goes on from there.
      if (!mustCheckBelow(q)) break;
      const check = await full.at(q - 1);
      if (check.score < target) break;
      goal = calibrated(await trials.at(q - 1), check.score);
    }
  }
  // Finish at full size wherever full-size results leave a gap between a failure and a pass: there
  // the mosaic has already misled the search once (WebP chooses its segments from the statistics
  // of the whole image, which a mosaic does not share), so only full-size scores decide.
  const known = bracket(full.scores(), target, lo, hi);
  const failedBelow = known.failing >= lo;
  if (known.passing <= hi && !failedBelow) return full.best(target);
  const fullScores = new Map([...full.results].map(([q, r]) => [q, r.score]));
  const q = await lowestAtFullSize(full, fullScores, { target, lo: Math.max(lo, known.failing), hi, guess: failedBelow ? known.failing + 1 : start.guess, slope: start.slope });
  return q === undefined ? undefined : full.at(q);
}

/** lowestPassing on full-size scores: each quality it asks for is encoded and scored by `full`. */
function lowestAtFullSize(full: FullEvaluator, scores: Map<number, number>, query: Pick<LowestPassingQuery, 'target' | 'lo' | 'hi' | 'guess' | 'slope'>): Promise<number | undefined> {
  return lowestPassing({ ...query, evaluate: async (x) => (await full.at(x)).score, scores, saturates: scoresAreNoisy(full.format) });
}

