/**
 * The metric in worker threads: a score split into parts (full-resolution bands and the coarse
 * scales) adds up to the single-threaded score, and a reference prepared once in the workers
 * (what the automatic-quality search verifies against) gives exactly the from-scratch scores.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PREPARED_MAX_PIXELS, assignParts, keptInWorkers, metricThreads, prepareInWorkers, scoreInWorkers } from '../../src/quality/metric/worker-pool.js';
import { computePart, computePreparedPart, preparePart } from '../../src/quality/metric/ssimulacra2-core.js';
import { decodeToRgb, ssimulacra2, type RgbPixels } from '../../src/quality/metric/ssimulacra2.js';
import { readCorpus } from '../support/corpus.js';

async function photoAndJpeg(): Promise<{ ref: RgbPixels; dist: RgbPixels; worse: RgbPixels }> {
  const png = readCorpus('kodak', 'kodim05.png');
  const ref = await decodeToRgb(png);
  const dist = await decodeToRgb(await sharp(png).jpeg({ quality: 80 }).toBuffer());
  const worse = await decodeToRgb(await sharp(png).jpeg({ quality: 30 }).toBuffer());
  return { ref, dist, worse };
}

/** A photo with a transparent band (scored on two backgrounds) and a damaged copy. */
async function transparentPair(): Promise<{ ref: RgbPixels; dist: RgbPixels }> {
  const png = readCorpus('kodak', 'kodim07.png');
  const { data, info } = await sharp(png).resize(300, 200).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  for (let i = 3; i < data.length; i += 4) if (Math.floor(i / 4) % info.width < 100) data[i] = 90;
  const ref: RgbPixels = { data, width: info.width, height: info.height, channels: 4 };
  const damaged = new Uint8Array(data);
  for (let i = 0; i < damaged.length; i += 13) damaged[i] = 255 - damaged[i]!;
  return { ref, dist: { ...ref, data: damaged } };
}

describe('SSIMULACRA2 parts', () => {
  it('a prepared part gives exactly the sums of the part computed from scratch', async () => {
    const { ref, dist } = await photoAndJpeg();
    const t = await transparentPair();
    for (const [a, b] of [
      [ref, dist],
      [t.ref, t.dist],
    ] as const) {
      for (const part of assignParts(a.height, 3).flat()) {
        const scratch = computePart(a, b, part);
        const prepared = computePreparedPart(preparePart(a, part), b);
        expect(prepared.sums.map((s) => Array.from(s)), JSON.stringify(part)).toEqual(scratch.sums.map((s) => Array.from(s)));
        expect(prepared.coarse.map((bg) => bg.map((f) => [Array.from(f.ssim), Array.from(f.edge)]))).toEqual(scratch.coarse.map((bg) => bg.map((f) => [Array.from(f.ssim), Array.from(f.edge)])));
      }
    }
  });

  it('refuses a candidate of another size', async () => {
    const { ref } = await photoAndJpeg();
    const part = assignParts(ref.height, 2)[1]![0]!;
    const other: RgbPixels = { ...ref, width: ref.width - 2, data: ref.data.subarray(0, (ref.width - 2) * ref.height * 3) };
    expect(() => computePreparedPart(preparePart(ref, part), other)).toThrow(/size mismatch/);
  });
});

describe('scores in worker threads', () => {
  it('equal the single-threaded score, from scratch and against a prepared reference', async () => {
    const { ref, dist, worse } = await photoAndJpeg();
    const single = ssimulacra2(ref, dist);
    const scratch = await scoreInWorkers(ref, dist);
    // Bands restart the recursive blur at their margins and add their sums in another order: equal to rounding.
    expect(Math.abs(scratch - single)).toBeLessThan(1e-3);

    const scorer = prepareInWorkers(ref);
    try {
      expect(await scorer.score(dist)).toBe(scratch);
      // A second, different candidate against the same prepared reference.
      expect(await scorer.score(worse)).toBe(await scoreInWorkers(ref, worse));
      expect(await scorer.score(worse)).toBeLessThan(scratch);
      expect(scorer.counts).toEqual({ prepared: 3, fromScratch: 0 });
      // Each worker keeps its parts of the reference until it is released.
      expect(await keptInWorkers()).toBe(assignParts(ref.height, metricThreads()).length);
      await expect(scorer.score({ ...dist, height: dist.height - 1 })).rejects.toThrow(/size mismatch/);
    } finally {
      scorer.release();
    }
    await expect(scorer.score(dist)).rejects.toThrow(/released/);
    expect(await keptInWorkers()).toBe(0);
  });

  it('lazy: the analysis waits for start() or the first score, and a reference never started leaves nothing behind', async () => {
    const { ref, dist } = await photoAndJpeg();
    const unused = prepareInWorkers(ref, { lazy: true });
    expect(await keptInWorkers()).toBe(0);
    unused.release();
    const scorer = prepareInWorkers(ref, { lazy: true });
    try {
      expect(await keptInWorkers()).toBe(0);
      scorer.start();
      expect(await keptInWorkers()).toBe(assignParts(ref.height, metricThreads()).length);
      expect(await scorer.score(dist)).toBe(await scoreInWorkers(ref, dist));
      expect(scorer.counts).toEqual({ prepared: 1, fromScratch: 0 });
    } finally {
      scorer.release();
    }
    expect(await keptInWorkers()).toBe(0);
  });

  it('prepare transparent references too (both backgrounds)', async () => {
    const { ref, dist } = await transparentPair();
    const scorer = prepareInWorkers(ref);
    try {
      expect(await scorer.score(dist)).toBe(await scoreInWorkers(ref, dist));
      expect(Math.abs((await scorer.score(dist)) - ssimulacra2(ref, dist))).toBeLessThan(1e-3);
      expect(scorer.counts.prepared).toBe(2);
    } finally {
      scorer.release();
    }
  });

  it('score references above the memory cap from scratch', async () => {
    // A photo stretched to one row more than the cap allows, and a JPEG of it: real pixels, so
    // that a wrong pairing (the reference against itself, a blank) shows in the score.
    const width = 8000;
    const height = Math.floor(PREPARED_MAX_PIXELS / width) + 1;
    const stretched = await sharp(readCorpus('kodak', 'kodim05.png')).resize(width, height, { fit: 'fill' }).png({ compressionLevel: 0 }).toBuffer();
    const ref = await decodeToRgb(stretched);
    const dist = await decodeToRgb(await sharp(stretched).jpeg({ quality: 40 }).toBuffer());
    expect(ref.width * ref.height).toBeGreaterThan(PREPARED_MAX_PIXELS);

    const scorer = prepareInWorkers(ref);
    try {
      // Nothing is analysed ahead for it: the workers keep nothing of a reference this large.
      expect(await keptInWorkers()).toBe(0);
      const score = await scorer.score(dist);
      expect(scorer.counts).toEqual({ prepared: 0, fromScratch: 1 });
      expect(await keptInWorkers()).toBe(0);
      // The same score as the metric run directly on the pair (the single-threaded one, up to the
      // bands' rounding) and a JPEG's score, not an identical pair's 100.
      expect(Math.abs(score - ssimulacra2(ref, dist))).toBeLessThan(1e-3);
      expect(score).toBeLessThan(90);
    } finally {
      scorer.release();
    }
  });
});
