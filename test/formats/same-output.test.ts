/**
 * EncoderSpec.sameOutputFrom: the automatic-quality search treats qualities that give the same file
 * as one step and encodes each step once. That is only right while the encoder really maps those
 * qualities to the same output, so every quality is checked against the encoder itself: the same
 * bytes as the first quality of its step, and different bytes from the step below.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FORMATS, encoderFor, type OutputFormat } from '../../src/formats/index.js';
import { readCorpus } from '../support/corpus.js';

const withSteps = (Object.keys(FORMATS) as OutputFormat[]).filter((f) => FORMATS[f].encoder?.sameOutputFrom);

// A small photo crop with colour and alpha-free detail: every quantizer level shows in the bytes.
const crop = await sharp(readCorpus('kodak', 'kodim05.png')).extract({ left: 200, top: 150, width: 96, height: 96 }).raw().toBuffer({ resolveWithObject: true });

describe('qualities that give the same file', () => {
  it('AVIF has steps (libaom has 64 quantizer levels for 100 qualities)', () => {
    expect(withSteps).toContain('avif');
  });

  for (const format of withSteps) {
    it(`${format}: each of the 100 qualities encodes exactly like the first of its step, and each step differs from the one below`, async () => {
      const encoder = encoderFor(format);
      const bytes = new Map<number, Buffer>();
      for (let quality = 1; quality <= 100; quality++) {
        const image = sharp(crop.data, { raw: { width: crop.info.width, height: crop.info.height, channels: crop.info.channels } });
        const settings = { quality, lossless: false, effort: encoder.defaultEffort, progressive: false, chromaSubsampling: encoder.autoChroma(quality), palette: false };
        bytes.set(quality, await encoder.apply(image, settings).toBuffer());
      }
      const from = encoder.sameOutputFrom!;
      for (let quality = 1; quality <= 100; quality++) {
        const start = from(quality);
        expect(start, `q${quality}`).toBeLessThanOrEqual(quality);
        expect(from(start), `q${start} starts its own step`).toBe(start);
        expect(bytes.get(quality)!.equals(bytes.get(start)!), `q${quality} encodes like q${start}`).toBe(true);
        if (start === quality && quality > 1) expect(bytes.get(quality)!.equals(bytes.get(quality - 1)!), `q${quality} starts a new step, but encodes like q${quality - 1}`).toBe(false);
      }
    }, 60_000);
  }
});
