/**
 * Encoding trial candidates from already-decoded pixels, and decoding them back for scoring. The
 * search encodes many candidates of the same pixels, so it never re-decodes the upload for them.
 */
import { encoderFor, type EncodeSettings, type OutputFormat } from '../../formats/index.js';
import { sharp } from '../../pipeline/sharp.js';
import { inSharedMemory } from '../metric/worker-pool.js';
import { decodeToRgb } from '../metric/ssimulacra2.js';
import type { RgbPixels } from '../pixels.js';

/**
 * The pixels a viewer would see after encoding with `format`'s settings, for scoring only: encoded
 * the fastest way that decodes to exactly those pixels (EncoderSpec.applyForScoring).
 */
export async function roundTrip(pixels: RgbPixels, format: OutputFormat, settings: EncodeSettings, timeoutMs?: number): Promise<RgbPixels> {
  const encoder = encoderFor(format);
  let image = sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: pixels.channels } });
  if (timeoutMs !== undefined) image = image.timeout({ seconds: Math.max(1, Math.ceil(timeoutMs / 1000)) });
  const bytes = await (encoder.applyForScoring ?? encoder.apply)(image, settings).toBuffer();
  return decodeForScoring(bytes, pixels.channels);
}

/**
 * Decodes a candidate with as many channels as the reference it is compared with: an encoder may
 * drop an alpha channel that is opaque everywhere, or keep one the reference no longer has.
 */
export async function decodeForScoring(bytes: Uint8Array, channels: 3 | 4, animated = false): Promise<RgbPixels> {
  const decoded = inSharedMemory(await decodeToRgb(bytes, { animated }));
  if (decoded.channels === channels) return decoded;
  const n = decoded.width * decoded.height;
  const out = new Uint8Array(n * channels);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) out[i * channels + c] = decoded.data[i * decoded.channels + c]!;
    if (channels === 4) out[i * 4 + 3] = 255;
  }
  return inSharedMemory({ data: out, width: decoded.width, height: decoded.height, channels });
}
