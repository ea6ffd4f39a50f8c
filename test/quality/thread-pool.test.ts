/**
 * Issue 15: a metric worker thread that dies fails only the jobs it was running; the other threads'
 * jobs complete, and the pool starts a thread in its place. Real worker threads, really terminated.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Worker } from 'node:worker_threads';
import { Pool } from '../../src/quality/metric/thread-pool.js';
import type { ScorePart } from '../../src/quality/metric/ssimulacra2-core.js';
import type { RgbPixels } from '../../src/quality/pixels.js';

/** Noise in shared memory, as the pool's callers pass pixels. */
function noise(width: number, height: number, seed: number): RgbPixels {
  const data = new Uint8Array(new SharedArrayBuffer(width * height * 3));
  let x = seed;
  for (let i = 0; i < data.length; i++) {
    x = (x * 1_103_515_245 + 12_345) >>> 0;
    data[i] = x >>> 24;
  }
  return { data, width, height, channels: 3 };
}

function wholeScore(reference: RgbPixels, distorted: RgbPixels) {
  const parts: ScorePart[] = [{ kind: 'coarse' }, { kind: 'band', from: 0, to: reference.height }];
  return { kind: 'score', reference, distorted, parts } as const;
}

let started: readonly Worker[] = [];
afterEach(async () => {
  await Promise.all(started.map((w) => w.terminate()));
  started = [];
});

describe('a metric worker that dies', () => {
  it('fails only its own jobs, while a job on another thread completes; the pool starts a replacement', async () => {
    const pool = new Pool(2);
    const [doomed, survivor] = pool.all();
    started = [doomed!, survivor!];
    // Three megapixels in one part: hundreds of milliseconds of work on the surviving thread.
    const long = wholeScore(noise(2000, 1500, 1), noise(2000, 1500, 2));
    let survivorDone = false;
    const onSurvivor = pool.runOn(survivor!, long).finally(() => (survivorDone = true));
    const onDoomed = pool.runOn(doomed!, wholeScore(noise(256, 256, 3), noise(256, 256, 4)));
    const doomedOutcome = onDoomed.then(
      () => 'answered',
      (error: Error) => error.message,
    );

    await doomed!.terminate();
    // The test means something only if the other job was still running when the thread died.
    expect(survivorDone, 'the long job finished before the other thread was terminated').toBe(false);
    expect(await doomedOutcome).toMatch(/metric worker exited with code/);
    const results = await onSurvivor;
    expect(results).toHaveLength(2);

    expect(pool.alive(doomed!)).toBe(false);
    await expect(pool.runOn(doomed!, { kind: 'kept' })).rejects.toThrow(/no longer running/);
    const replaced = pool.all();
    started = [...replaced];
    expect(replaced).toHaveLength(2);
    expect(replaced).toContain(survivor);
    const fresh = replaced.find((w) => w !== survivor)!;
    expect(fresh).not.toBe(doomed);
    expect(await pool.runOn(fresh, wholeScore(noise(256, 256, 5), noise(256, 256, 6)))).toHaveLength(2);
  });
});
