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
  it('JPEG has one (the search relies on it for speed)', () => {
    expect(withScoringEncode).toContain('jpeg');
  });

  for (const format of withScoringEncode) {
    it(`${format}: decodes to exactly the pixels of the real encode, at low, high and 4:4:4 qualities`, async () => {
      const encoder = encoderFor(format);
      for (const name of ['kodim03.png', 'kodim23.png']) {
        const { data, info } = await sharp(readCorpus('kodak', name)).raw().toBuffer({ resolveWithObject: true });
        for (const quality of [40, 85, 95]) {
          const settings: EncodeSettings = {
            quality,
            lossless: false,
            effort: encoder.defaultEffort,
            progressive: true,
            chromaSubsampling: encoder.autoChroma(quality),
            palette: false,
          };
          const raw = (): Sharp => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
          const real = await encoder.apply(raw(), settings).toBuffer();
          const fast = await encoder.applyForScoring!(raw(), settings).toBuffer();
          expect(fast.equals(real), 'a different encode, not the same bytes').toBe(false);
          const [a, b] = await Promise.all([sharp(real).raw().toBuffer(), sharp(fast).raw().toBuffer()]);
          expect(b.equals(a), `${name} q${quality}`).toBe(true);
        }
      }
    });
  }
});
