/**
 * EncoderSpec.applyForScoring: the automatic-quality search scores its trial encodes without
 * keeping them, so a format may encode them a faster way — but only one that decodes to exactly the
 * pixels of the real encode, or the search would measure something the user never gets.
 */
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { FORMATS, encoderFor, type OutputFormat } from '../../src/formats/index.js';
import type { EncodeSettings } from '../../src/formats/types.js';
import { readCorpus } from '../support/corpus.js';

const withScoringEncode = (Object.keys(FORMATS) as OutputFormat[]).filter((f) => FORMATS[f].encoder?.applyForScoring);

describe('encodes for scoring only', () => {
  it('JPEG and PNG have one (the search relies on them for speed)', () => {
    expect(withScoringEncode).toEqual(expect.arrayContaining(['jpeg', 'png']));
  });

  for (const format of withScoringEncode) {
    it(`${format}: decodes to exactly the pixels of the real encode, at low and high qualities (and lossless where it has it)`, async () => {
      const encoder = encoderFor(format);
      for (const name of ['kodim03.png', 'kodim23.png']) {
        const { data, info } = await sharp(readCorpus('kodak', name)).raw().toBuffer({ resolveWithObject: true });
        for (const [quality, lossless] of [[40, false], [85, false], [95, false], [100, true]] as const) {
          if (lossless && !encoder.supportsLossless) continue;
          const settings: EncodeSettings = {
            quality,
            lossless,
            effort: encoder.defaultEffort,
            progressive: true,
            chromaSubsampling: encoder.autoChroma(quality),
            palette: format === 'png',
          };
          const raw = (): Sharp => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
          const real = await encoder.apply(raw(), settings).toBuffer();
          const fast = await encoder.applyForScoring!(raw(), settings).toBuffer();
          expect(fast.equals(real), 'a different encode, not the same bytes').toBe(false);
          const [a, b] = await Promise.all([sharp(real).raw().toBuffer(), sharp(fast).raw().toBuffer()]);
          expect(b.equals(a), `${name} q${quality}${lossless ? ' lossless' : ''}`).toBe(true);
        }
      }
    });
  }
});
