/**
 * lowestPassing (src/quality/find-lowest.ts) on made-up score curves: it finds the lowest passing
 * setting, measures pairs at once when asked, and where the encoder saturates it stops walking up
 * a plateau.
 */
import { describe, expect, it } from 'vitest';
import { lowestPassing, type LowestPassingQuery } from '../../src/quality/search/find-lowest.js';

/** A query over `curve`, counting the settings measured. */
function over(curve: (q: number) => number, target: number, extra: Partial<LowestPassingQuery> = {}): { query: LowestPassingQuery; measured: number[] } {
  const measured: number[] = [];
  const query: LowestPassingQuery = {
    evaluate: async (q) => {
      measured.push(q);
      return curve(q);
    },
    scores: new Map(),
    target,
    lo: 1,
    hi: 100,
    guess: 80,
    slope: 0.2,
    ...extra,
  };
  return { query, measured };
}

/** A palette-like curve: rises 0.5 per step up to 60, then the same output (and score) up to the top. */
const saturating = (q: number): number => 50 + 0.5 * Math.min(q, 60);

describe('lowestPassing', () => {
  it('finds the lowest setting reaching the target on a rising curve', async () => {
    const { query, measured } = over((q) => q / 2, 40.2);
    expect(await lowestPassing(query)).toBe(81);
    expect(query.scores.get(80)).toBeLessThan(40.2);
    expect(new Set(measured).size).toBe(measured.length);
  });

  it('answers undefined when even the top falls short', async () => {
    const { query } = over((q) => q / 2, 60);
    expect(await lowestPassing(query)).toBeUndefined();
  });

  it('pairs: a setting and the one below it are measured at once, which settles a good guess in one round', async () => {
    let inFlight = 0;
    let most = 0;
    const slow = async (q: number): Promise<number> => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return q / 2;
    };
    const alone = over((q) => q / 2, 39.7);
    expect(await lowestPassing(alone.query)).toBe(80);
    expect(alone.measured).toEqual([80, 79]);
    const paired = over((q) => q / 2, 39.7, { pairs: true });
    const query = { ...paired.query, evaluate: async (q: number) => (await paired.query.evaluate(q), slow(q)) };
    expect(await lowestPassing(query)).toBe(80);
    expect(paired.measured).toEqual([80, 79]);
    expect(most).toBe(2);
  });

  it('saturates: two failing settings with the same score send it to the top at once', async () => {
    const walking = over(saturating, 81);
    expect(await lowestPassing(walking.query)).toBeUndefined();
    const jumping = over(saturating, 81, { saturates: true });
    expect(await lowestPassing(jumping.query)).toBeUndefined();
    // From 80 the walk goes up in steps of ceil(1 / 0.2) = 5: 80, 85, 90, 95, 100.
    expect(walking.measured).toEqual([80, 85, 90, 95, 100]);
    expect(jumping.measured).toEqual([80, 85, 100]);
  });

  it('saturates: a reachable target is still found exactly', async () => {
    const { query } = over(saturating, 79.5, { saturates: true });
    expect(await lowestPassing(query)).toBe(59);
  });
});
