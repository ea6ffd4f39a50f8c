/**
 * Issue 6, the automatic modes, end to end through `compress`: quality=auto reaches the target by
 * the validated metric (re-measured here from the bytes the caller receives) without wasting
 * bytes; maxBytes is respected and maximal; an unreachable size says the smallest that works (and
 * that size does work); format=auto returns the smallest format that reaches the target.
 */
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import { CompressorError } from '../../src/errors.js';
import { parseOptions } from '../../src/pipeline/options.js';
import { DEFAULT_LIMITS, type PipelineLimits } from '../../src/pipeline/limits.js';
import { compress, type CompressResult } from '../../src/compress/index.js';
import { compressRaw } from '../support/compress-raw.js';
import type { OutputFormat } from '../../src/formats/index.js';
import type { CompressOptions, ResolvedOptions } from '../../src/pipeline/options.js';
import { detect } from '../../src/pipeline/steps/detect.js';
import { plan } from '../../src/pipeline/steps/plan.js';
import { probe } from '../../src/pipeline/steps/probe.js';
import { Deadline } from '../../src/quality/search/deadline.js';
import { keptInWorkers, prepareInWorkers } from '../../src/quality/metric/worker-pool.js';
import { padForMetric } from '../../src/quality/metric/pad.js';
import { referencePixels } from '../../src/quality/search/reference.js';
import { newSearchCost, type SearchCost } from '../../src/quality/search/cost.js';
import { FullEvaluator, type FullCandidate } from '../../src/quality/search/full-evaluator.js';
import type { FormatJob } from '../../src/quality/search/job.js';
import { searchFormat } from '../../src/quality/search/search-format.js';
import { mosaicTuningFor, type MosaicTuning } from '../../src/quality/search/tuning.js';
import { scoreImages } from '../../src/quality/metric/ssimulacra2.js';
import { readCorpus } from '../support/corpus.js';
import { maxVisibleDifference } from '../support/similarity.js';

const kodim23 = readCorpus('kodak', 'kodim23.png');
/** A 192×128 photo crop: small enough that AVIF and PNG searches run at full size quickly. */
const crop = await sharp(readCorpus('kodak', 'kodim05.png')).extract({ left: 300, top: 200, width: 192, height: 128 }).png().toBuffer();

/** The job searchFormat gets for `format` (the set-up of auto.ts); release its scorer after use. */
async function formatJob(input: Uint8Array, format: OutputFormat): Promise<FormatJob> {
  const limits = DEFAULT_LIMITS;
  const header = await probe(input, detect(input), limits);
  const options: ResolvedOptions = { ...parseOptions({ quality: 'auto' }), format: undefined, quality: undefined };
  const decided = plan(header, { ...options, format });
  const reference = await referencePixels(input, decided, options, limits);
  const scorer = prepareInWorkers(padForMetric(reference), { lazy: true });
  return { input, header, options, limits, format, reference, scorer, deadline: new Deadline(limits.timeoutMs) };
}

/** quality=auto for one format through searchFormat itself, with a chosen mosaic shape. */
async function searchWithShape(input: Uint8Array, format: OutputFormat, target: number, shape: MosaicTuning, cost: SearchCost): Promise<FullCandidate | undefined> {
  const job = await formatJob(input, format);
  try {
    return await searchFormat(job, target, cost, shape);
  } finally {
    job.scorer.release();
  }
}

let mosaicA: Promise<Buffer> | undefined;

/** 16 Kodak photos in a 3072×2048 mosaic (bench:quality's "kodak-mosaic-a"), made once. */
function kodakMosaicA(): Promise<Buffer> {
  mosaicA ??= (async () => {
    const kodak = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16'];
    const tiles = await Promise.all(
      kodak.map(async (n, i) => ({
        input: await sharp(readCorpus('kodak', `kodim${n}.png`)).resize(768, 512, { fit: 'cover' }).png().toBuffer(),
        left: (i % 4) * 768,
        top: Math.floor(i / 4) * 512,
      })),
    );
    return sharp({ create: { width: 3072, height: 2048, channels: 3, background: '#000' } }).composite(tiles).png().toBuffer();
  })();
  return mosaicA;
}

/**
 * The first `count` outputs below `answer`'s quality that differ from it and from one another
 * (encoders such as libaom give one file for several neighbouring qualities), highest first.
 */
async function distinctOutputsBelow(input: Uint8Array, answer: CompressResult, count: number, options: Partial<CompressOptions>): Promise<CompressResult[]> {
  const seen = [answer.data];
  const found: CompressResult[] = [];
  for (let q = answer.quality! - 1; q >= 1 && found.length < count; q--) {
    const lower = await compress(input, { ...options, quality: q });
    if (seen.some((data) => data.equals(lower.data))) continue;
    seen.push(lower.data);
    found.push(lower);
  }
  return found;
}

/**
 * A deadline whose time is up once it has given one step its time (through `limits`), whatever
 * the clock says; `budgetsGiven` lists the time each step was given.
 */
class SpentAfterFirstStep extends Deadline {
  readonly budgetsGiven: number[] = [];

  constructor(private readonly leftMs: number) {
    super(60_000);
  }

  override remainingMs(): number {
    return this.budgetsGiven.length > 0 ? 0 : this.leftMs;
  }

  override limits(base: PipelineLimits): PipelineLimits {
    const given = super.limits(base);
    this.budgetsGiven.push(given.timeoutMs);
    return given;
  }
}

async function rejection(promise: Promise<unknown>): Promise<CompressorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CompressorError) return error;
    throw error;
  }
  throw new Error('expected a CompressorError');
}

describe('quality=auto', () => {
  // JPEG and WebP on a full Kodak photo exercise the mosaic search and the full-size verify.
  it.each([
    ['jpeg', kodim23, 80, {}],
    ['webp', kodim23, 80, {}],
    ['avif', crop, 80, { effort: 1 }],
    ['png', crop, 70, {}],
  ] as const)('%s: the output reaches the target by the validated metric, and no nearby lower quality does it smaller', async (format, input, target, extra) => {
    const result = await compress(input, { format, quality: 'auto', target, ...extra });
    // The metric workers keep nothing of a finished search (references and mosaics are released).
    expect(await keptInWorkers()).toBe(0);
    expect(result.format).toBe(format);
    expect(result.target).toBe(target);
    expect(result.score).toBeGreaterThanOrEqual(target);
    // The reported score is the score of the bytes returned (the same computation, up to rounding).
    expect(Math.abs((await scoreImages(input, result.data)) - result.score!)).toBeLessThan(1e-3);
    // The smallest: none of the three outputs below the answer (distinct files: AVIF gives one file
    // for several neighbouring qualities) reaches the target more than 3% smaller.
    const below = await distinctOutputsBelow(input, result, 3, { format, ...extra });
    expect(below).toHaveLength(3);
    const smallerAndPassing = [];
    for (const lower of below) {
      const score = await scoreImages(input, lower.data);
      if (lower.outputBytes < result.outputBytes * 0.97 && score >= target) smallerAndPassing.push(`q${lower.quality}: ${lower.outputBytes} bytes, ${score.toFixed(2)}`);
    }
    expect(smallerAndPassing, `${format}: answer q${result.quality} (${result.outputBytes} bytes)`).toEqual([]);
  });

  it('jpeg across its switch to 4:4:4 at quality 90: the mosaic calibration is not carried over the jump', async () => {
    // 16 Kodak photos in a 3072×2048 mosaic (bench:quality's "kodak-mosaic-a"). With a mosaic of
    // 100 000 pixels (the shape large photos once had) the search verifies 90 first; calibrated
    // there, the mosaic said 89 falls short while at full size 89 (and 88) reach 80, and the
    // answer was 40 % larger than needed. Today's shape lands on 88 directly, so the old shape is
    // forced here to keep the guard tested; the public path is checked on the same image too.
    const big = await kodakMosaicA();
    const oldShape: MosaicTuning = { ...mosaicTuningFor('jpeg'), pixels: { share: 1, min: 100_000, max: 100_000 } };
    const cost = newSearchCost();
    const found = await searchWithShape(big, 'jpeg', 80, oldShape, cost);
    const result = await compress(big, { format: 'jpeg', quality: 'auto', target: 80 });
    for (const answer of [found!, { quality: result.quality!, score: result.score! }]) {
      expect(answer.score).toBeGreaterThanOrEqual(80);
      const below = await compress(big, { format: 'jpeg', quality: answer.quality - 1 });
      expect(await scoreImages(big, below.data), `q${answer.quality - 1} also reaches 80`).toBeLessThan(80);
    }
    // The forced shape did go through 90 (else this test would not test the guard).
    expect(cost.fullScores).toBeGreaterThan(1);
  }, 90_000);

  it.each([
    // The mosaic scores 1.5 above the whole photo: aimed +1.1, the first verification (86) fell short.
    ['kodim20.png'],
    // Calibrated at 88 point for point, the mosaic said 87 reaches 80 (by 0.01): it does not.
    ['kodim19.png'],
  ])('jpeg on a small photo: one full-size verification lands on the answer (%s)', async (name) => {
    const photo = readCorpus('kodak', name);
    const cost = newSearchCost();
    const found = await searchWithShape(photo, 'jpeg', 80, mosaicTuningFor('jpeg'), cost);
    expect(found!.score).toBeGreaterThanOrEqual(80);
    expect(cost.fullScores).toBe(1);
    const below = await compress(photo, { format: 'jpeg', quality: found!.quality - 1 });
    expect(await scoreImages(photo, below.data), `q${found!.quality - 1} also reaches 80`).toBeLessThan(80);
  });

  it('webp on a large photo: an answer is kept only once the quality below it fails at full size', async () => {
    // Its 100 000-pixel mosaic is a sixtieth of this photo, and the mosaic's bias jumps between
    // neighbouring qualities (2.7 at 86, 0.6 at 87, 2.1 at 88): calibrated at 88, the mosaic says
    // 87 falls short, while at full size 87 reaches 80 with 6 % fewer bytes.
    const big = await kodakMosaicA();
    const result = await compress(big, { format: 'webp', quality: 'auto', target: 80 });
    expect(result.score).toBeGreaterThanOrEqual(80);
    const below = await compress(big, { format: 'webp', quality: result.quality! - 1 });
    expect(await scoreImages(big, below.data), `q${result.quality! - 1} also reaches 80`).toBeLessThan(80);
  }, 90_000);

  it('confirmBelow: the quality under the answer is measured at full size whatever the mosaic says', async () => {
    const confirming: MosaicTuning = { ...mosaicTuningFor('webp'), sparse: { share: 1, expectedMosaicBias: 1.0, confirmBelow: true } };
    const kodim07 = readCorpus('kodak', 'kodim07.png');
    const cost = newSearchCost();
    const found = await searchWithShape(kodim07, 'webp', 80, confirming, cost);
    expect(found!.score).toBeGreaterThanOrEqual(80);
    // On this photo the first verification is the answer: without the check the search stops there.
    expect(cost.fullScores).toBeGreaterThanOrEqual(2);
    const below = await compress(kodim07, { format: 'webp', quality: found!.quality - 1 });
    expect(await scoreImages(kodim07, below.data)).toBeLessThan(80);
  });

  it('two verifications at once: a step asked for twice at the same time is encoded and scored once', async () => {
    const job = await formatJob(crop, 'avif');
    try {
      const cost = newSearchCost();
      const full = new FullEvaluator(job, cost);
      // Two qualities of one libaom step (EncoderSpec.sameOutputFrom).
      const q = Array.from({ length: 99 }, (_, i) => i + 2).find((x) => full.stepOf(x) < x)!;
      const [a, b] = await Promise.all([full.at(q), full.at(full.stepOf(q))]);
      expect(a).toBe(b);
      expect(cost.fullEncodes).toBe(1);
      expect(cost.fullScores).toBe(1);
    } finally {
      job.scorer.release();
    }
  });

  it('a target alone implies quality=auto, and a higher target costs more bytes', async () => {
    const low = await compress(kodim23, { format: 'jpeg', target: 70 });
    const high = await compress(kodim23, { format: 'jpeg', target: 85 });
    expect(low.score).toBeGreaterThanOrEqual(70);
    expect(high.score).toBeGreaterThanOrEqual(85);
    expect(high.outputBytes).toBeGreaterThan(low.outputBytes);
  });

  it('works on images smaller than the metric window (4×4 icon)', async () => {
    const icon = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#3366cc' } }).png().toBuffer();
    const result = await compress(icon, { format: 'webp', quality: 'auto' });
    expect(result.score).toBeGreaterThanOrEqual(80);
  });

  it('PNG: when no palette reaches the target, lossless PNG does', async () => {
    const result = await compress(crop, { format: 'png', quality: 'auto', target: 95 });
    expect(result.format).toBe('png');
    expect(result.lossless).toBe(true);
    // Measured on the bytes returned: every pixel of the upload, and the score reported is the metric's.
    expect(await maxVisibleDifference(crop, result.data)).toBe(0);
    const measured = await scoreImages(crop, result.data);
    expect(measured).toBeGreaterThanOrEqual(95);
    expect(Math.abs(measured - result.score!)).toBeLessThan(1e-3);
  });

  it('PNG: a palette that falls short at its highest quality ends the search there (no walk through identical palettes)', async () => {
    // On kodim24 the palette saturates: every quality from about 72 up gives the same file (79.8).
    const input = readCorpus('kodak', 'kodim24.png');
    const cost = newSearchCost();
    expect(await searchWithShape(input, 'png', 80, mosaicTuningFor('png'), cost)).toBeUndefined();
    // At 80 (the flat top of the palette's curve) the top quality is checked first: one encode, no trial.
    expect(cost.fullEncodes).toBe(1);
    expect(cost.mosaicTrials).toBe(0);
    // And it is truly out of reach: the highest quality scores below the target.
    const top = await compress(input, { format: 'png', quality: 100 });
    expect(await scoreImages(input, top.data)).toBeLessThan(80);
  });

  it('PNG: a saturated palette is reported at its lowest quality, and not polished below it', async () => {
    // kodim06's palette is saturated from about 81 up: the top quality (checked first) and the
    // search's answer are the same file, as is the quality under it.
    const input = readCorpus('kodak', 'kodim06.png');
    const cost = newSearchCost();
    const found = await searchWithShape(input, 'png', 80, mosaicTuningFor('png'), cost);
    expect(found!.score).toBeGreaterThanOrEqual(80);
    expect(found!.quality).toBeLessThan(100);
    const top = await compress(input, { format: 'png', quality: 100 });
    expect(top.outputBytes).toBe(found!.bytes);
    // The top, the answer and one step of polish that gave the same file again.
    expect(cost.fullEncodes).toBeLessThanOrEqual(3);
  });

  it('the full-size reference is analysed for the first score, not for an encode that is never scored', async () => {
    const job = await formatJob(crop, 'png');
    try {
      const full = new FullEvaluator({ ...job, options: { ...job.options, lossless: true } }, newSearchCost());
      await full.encodeAt(100);
      expect(await keptInWorkers()).toBe(0);
      expect((await full.at(100)).score).toBeGreaterThan(99.99);
      expect(await keptInWorkers()).toBeGreaterThan(0);
    } finally {
      job.scorer.release();
    }
    expect(await keptInWorkers()).toBe(0);
  });

  it('lossless output needs no search and scores 100', async () => {
    const result = await compress(crop, { format: 'webp', quality: 'auto', lossless: true });
    expect(result.lossless).toBe(true);
    // Measured on the bytes returned: every pixel of the upload, and the score reported is the metric's.
    expect(await maxVisibleDifference(crop, result.data)).toBe(0);
    expect(Math.abs((await scoreImages(crop, result.data)) - result.score!)).toBeLessThan(1e-3);
  });

  it('the processing timeout bounds the whole search, not each encode', async () => {
    const error = await rejection(compress(kodim23, { format: 'webp', quality: 'auto' }, { ...DEFAULT_LIMITS, timeoutMs: 150 }));
    expect(error.code).toBe('TIMEOUT');
    expect(await keptInWorkers()).toBe(0);

    // The same search against a deadline that runs out as soon as its first step has been given
    // time (the clock is the test's, not the machine's): that step gets the time left, not a
    // timeout of its own, and no step starts after it. One step may finish late (a score cannot
    // be interrupted); the search may not go on.
    const job = await formatJob(kodim23, 'webp');
    // 20 s left: far more than the step needs, and unlike the 30 s a step would get on its own.
    const deadline = new SpentAfterFirstStep(20_000);
    const cost = newSearchCost();
    try {
      expect((await rejection(searchFormat({ ...job, deadline }, 80, cost))).code).toBe('TIMEOUT');
    } finally {
      job.scorer.release();
    }
    expect(deadline.budgetsGiven).toEqual([20_000]);
    expect(cost.fullEncodes + cost.mosaicTrials).toBe(1);
    expect(await keptInWorkers()).toBe(0);
  });

  it('format=auto: the formats searched side by side all stop at the deadline, and the next request works', async () => {
    // The request's one deadline runs out once the first step of any format has been given time.
    // Every format's search must stop there, and all of them must have stopped when the error comes
    // back: none may touch the deadline again afterwards (checked while the next request runs).
    const realRemaining = Deadline.prototype.remainingMs;
    const realLimits = Deadline.prototype.limits;
    // The rigged deadline: the first one asked for a step's time while arming (a set, to hold `this`).
    const rigged = new Set<Deadline>();
    let arming = true;
    let spent = false;
    let budgetsGiven = 0;
    let stepsOnOtherDeadlines = 0;
    let callsOnRigged = 0;
    vi.spyOn(Deadline.prototype, 'remainingMs').mockImplementation(function (this: Deadline) {
      if (!rigged.has(this)) return realRemaining.call(this);
      callsOnRigged++;
      return spent ? 0 : 60_000;
    });
    vi.spyOn(Deadline.prototype, 'limits').mockImplementation(function (this: Deadline, base: PipelineLimits) {
      if (arming && rigged.size === 0) rigged.add(this);
      const given = realLimits.call(this, base);
      if (rigged.has(this)) {
        budgetsGiven++;
        spent = true;
      } else if (arming) {
        stepsOnOtherDeadlines++;
      }
      return given;
    });
    try {
      const error = await rejection(compress(kodim23, { format: 'auto' }));
      arming = false;
      const callsWhenAnswered = callsOnRigged;
      expect(error.code).toBe('TIMEOUT');
      // One step in all, and no format searched against a deadline of its own.
      expect(budgetsGiven).toBe(1);
      expect(stepsOnOtherDeadlines).toBe(0);
      expect(await keptInWorkers()).toBe(0);
      const after = await compress(crop, { format: 'auto' });
      expect(after.score).toBeGreaterThanOrEqual(80);
      expect(callsOnRigged).toBe(callsWhenAnswered);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('refuses GIF, which has no quality to tune', async () => {
    const error = await rejection(compress(crop, { format: 'gif', quality: 'auto' }));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toMatch(/GIF has no quality setting/);
  });

  // Found by npm run fuzz: the search decodes the upload before the encode step does, so a damaged
  // image whose header still reads must be CORRUPT_IMAGE there too, never INTERNAL.
  it('a damaged image is CORRUPT_IMAGE in every automatic mode, as it is at a fixed quality', async () => {
    const truncated = crop.subarray(0, Math.floor(crop.length / 2));
    for (const options of [{ quality: 'auto' }, { format: 'auto' }, { maxBytes: '5k' }] as const) {
      const error = await rejection(compress(truncated, parseOptions(options)));
      expect(error.code, JSON.stringify(options)).toBe('CORRUPT_IMAGE');
    }
    expect((await rejection(compress(truncated, { quality: 50 }))).code).toBe('CORRUPT_IMAGE');
  });
});

describe('maxBytes', () => {
  it('returns the highest quality that fits: one step higher would not fit', async () => {
    const maxBytes = 30_000;
    const result = await compress(kodim23, { format: 'jpeg', maxBytes });
    expect(result.outputBytes).toBeLessThanOrEqual(maxBytes);
    expect(result.score).toBeGreaterThanOrEqual(50);
    expect(result.target).toBeUndefined();
    const higher = await compress(kodim23, { format: 'jpeg', quality: result.quality! + 1 });
    expect(higher.outputBytes).toBeGreaterThan(maxBytes);
  });

  it('TARGET_UNREACHABLE names the smallest size that would fit, and that size then works', async () => {
    const error = await rejection(compressRaw(kodim23, { format: 'jpeg', maxBytes: '2k' }));
    expect(error.code).toBe('TARGET_UNREACHABLE');
    expect(error.status).toBe(422);
    const smallest = error.details.smallestBytes as number;
    expect(smallest).toBeGreaterThan(2048);
    expect(error.message).toContain(`maxBytes=${smallest}`);
    const fits = await compress(kodim23, { format: 'jpeg', maxBytes: smallest });
    expect(fits.outputBytes).toBeLessThanOrEqual(smallest);
    expect(fits.score).toBeGreaterThanOrEqual(50);
  });

  it('with quality=auto, gives the target answer when it fits', async () => {
    const aimed = await compress(kodim23, { format: 'jpeg', quality: 'auto', target: 75 });
    const capped = await compress(kodim23, { format: 'jpeg', quality: 'auto', target: 75, maxBytes: aimed.outputBytes + 1000 });
    expect(capped.outputBytes).toBe(aimed.outputBytes);
  });
});

describe('format=auto', () => {
  it('returns the smallest of the allowed formats that reaches the target, and says which won', async () => {
    const result = await compressRaw(kodim23, { format: 'auto', formats: 'webp,jpeg', target: 75 });
    const candidates = result.candidates!;
    expect(candidates.map((c) => c.format).sort()).toEqual(['jpeg', 'webp']);
    for (const c of candidates) expect(c.score).toBeGreaterThanOrEqual(75);
    const smallest = candidates.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    expect(result.format).toBe(smallest.format);
    expect(result.outputBytes).toBe(smallest.bytes);
    expect(result.score).toBe(smallest.score);
  });

  it('tries AVIF, WebP and JPEG for a photo by default', async () => {
    const result = await compress(crop, { format: 'auto', effort: 1 });
    expect(result.candidates!.map((c) => c.format).sort()).toEqual(['avif', 'jpeg', 'webp']);
  });

  it('keeps transparency: PNG and WebP join AVIF, JPEG is left out', async () => {
    const rgba = readCorpus('pngsuite', 'basn6a08.png');
    const result = await compress(rgba, { format: 'auto', effort: 1 });
    expect(result.candidates!.map((c) => c.format).sort()).toEqual(['avif', 'png', 'webp']);
    expect((await sharp(result.data).metadata()).hasAlpha).toBe(true);
  });

  it('tries PNG for a graphic', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="160" height="120"><rect width="160" height="120" fill="#fff"/><circle cx="60" cy="60" r="40" fill="#e33"/><rect x="90" y="20" width="50" height="80" fill="#36c"/></svg>');
    const graphic = await sharp(svg).png().toBuffer();
    const result = await compress(graphic, { format: 'auto', effort: 1 });
    expect(result.candidates!.map((c) => c.format)).toContain('png');
  });
});

describe('options of the automatic modes', () => {
  it('parses auto, targets, sizes and format lists', () => {
    const parsed = parseOptions({ quality: 'AUTO', format: 'auto', target: '85', maxBytes: '200k', formats: 'webp, jpg' });
    expect(parsed).toMatchObject({ quality: 'auto', format: 'auto', target: 85, maxBytes: 204_800, formats: ['webp', 'jpeg'] });
  });

  it('answers bad values with the uniform sentence', () => {
    const problems = (raw: Record<string, unknown>): unknown => {
      try {
        parseOptions(raw);
      } catch (error) {
        return (error as CompressorError).details.problems;
      }
      return undefined;
    };
    expect(problems({ target: 96 })).toEqual(['expected an integer 30–95 for target, got 96']);
    expect(problems({ quality: 'best' })).toEqual(['expected an integer 1–100 for quality, got "best"']);
    expect(problems({ maxBytes: 'lots' })).toEqual(['expected a size in bytes such as 200000, 200k or 1.5mb for maxBytes, got "lots"']);
    expect(problems({ formats: 'webp,gif' })).toEqual(['expected a comma-separated list of avif, webp, jpeg, png for formats, got "webp,gif"']);
  });

  it('refuses contradictory combinations with INVALID_OPTION', async () => {
    for (const options of [{ quality: 80, target: 85 }, { quality: 80, format: 'auto' }, { quality: 80, maxBytes: 1000 }, { lossless: true, maxBytes: 1000 }]) {
      const error = await rejection(compressRaw(crop, { format: 'webp', ...options }));
      expect(error.code, JSON.stringify(options)).toBe('INVALID_OPTION');
    }
  });
});
