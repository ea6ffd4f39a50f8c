import { CompressorError } from '../../errors.js';
import { encoderFor } from '../../formats/index.js';
import { libvipsFailure } from '../libvips-failure.js';
import type { PipelineLimits } from '../limits.js';
import type { CompressOptions } from '../options.js';
import { sharp, type Sharp } from '../sharp.js';
import type { Plan } from './plan.js';

export interface Encoded {
  readonly data: Buffer;
  readonly width: number;
  /** Height of one frame. */
  readonly height: number;
}

/** Builds the libvips pipeline for a plan: orient, resize, flatten, metadata policy, encoder. */
function build(input: Uint8Array, plan: Plan, options: CompressOptions, limits: PipelineLimits): Sharp {
  let image = sharp(input, {
    animated: plan.animated,
    // The probe already enforced the limit with frames counted; this is libvips' own second line.
    limitInputPixels: limits.maxPixels,
    // Truncated or damaged data is an error, not a grey half-image (libjpeg reports truncation as a warning).
    failOn: 'warning',
  })
    .autoOrient()
    .timeout({ seconds: Math.max(1, Math.ceil(limits.timeoutMs / 1000)) });
  if (plan.resized) {
    image = image.resize({ width: options.maxWidth, height: options.maxHeight, fit: 'inside', withoutEnlargement: true });
  }
  if (plan.flatten) image = image.flatten({ background: options.background });
  switch (options.metadata) {
    case 'strip':
      // sharp's default: no metadata, pixels converted to sRGB.
      break;
    case 'keep-color-profile':
      image = image.keepIccProfile();
      break;
    case 'keep-all-but-location':
    case 'keep-all':
      // Location is removed afterwards by ./strip-location.ts for keep-all-but-location.
      image = image.keepMetadata();
      break;
  }
  return encoderFor(plan.output).apply(image, plan.settings);
}

/** Step 5: decode, transform and encode in one libvips pass, bounded by the processing timeout. */
export async function encode(input: Uint8Array, plan: Plan, options: CompressOptions, limits: PipelineLimits): Promise<Encoded> {
  const pipeline = build(input, plan, options, limits);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CompressorError('TIMEOUT', { message: `Processing took longer than ${limits.timeoutMs} ms and was stopped.` })), limits.timeoutMs);
  });
  try {
    const { data, info } = await Promise.race([pipeline.toBuffer({ resolveWithObject: true }), deadline]);
    return { data, width: info.width, height: plan.animated ? (info.pageHeight ?? info.height) : info.height };
  } catch (cause) {
    throw libvipsFailure(cause);
  } finally {
    clearTimeout(timer);
  }
}
