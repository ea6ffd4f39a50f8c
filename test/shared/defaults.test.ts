/** The automatic quality's numbers agree with each other. */
import { expect, it } from 'vitest';
import { DEFAULT_TARGET, FLOOR_SCORE, TARGET_MAX, TARGET_MIN, TARGETS } from '../../src/shared/defaults.js';
import { scoreWords } from '../../src/shared/score-words.js';

it('offers the default target, and only targets the API accepts', () => {
  expect(DEFAULT_TARGET).toBe(80);
  expect(TARGETS).toContain(DEFAULT_TARGET);
  for (const t of TARGETS) expect(t >= TARGET_MIN && t <= TARGET_MAX, String(t)).toBe(true);
  expect([...TARGETS]).toEqual([...TARGETS].sort((a, b) => b - a));
});

it('keeps the size cap floor at the medium band, below the default target', () => {
  expect(FLOOR_SCORE).toBe(50);
  expect(FLOOR_SCORE).toBeLessThan(DEFAULT_TARGET);
  expect(scoreWords(FLOOR_SCORE)).toBe('medium');
});
