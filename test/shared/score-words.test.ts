/** A SSIMULACRA2 score in words: every band's floor belongs to it, the score just below does not. */
import { describe, expect, it } from 'vitest';
import { SCORE_BANDS, scoreWords } from '../../src/shared/score-words.js';

describe('scoreWords', () => {
  it.each([
    [100, 'indistinguishable'],
    [90, 'indistinguishable'],
    [89.99, 'very high'],
    [80, 'very high'],
    [79.99, 'high'],
    [70, 'high'],
    [69.99, 'medium'],
    [50, 'medium'],
    [49.99, 'low'],
    [30, 'low'],
    [29.99, 'very low'],
    [0, 'very low'],
    [-120, 'very low'],
  ])('%s is %s', (score, words) => {
    expect(scoreWords(score)).toBe(words);
  });

  it('lists its bands from the highest floor down', () => {
    const floors = SCORE_BANDS.map(([floor]) => floor);
    expect(floors).toEqual([...floors].sort((a, b) => b - a));
  });
});
