import { CompressorError } from '../../errors.js';
import { formatByteSetting } from '../../shared/units.js';
import type { PipelineLimits } from '../limits.js';

/** Step 1: refuse empty and over-size input before anything else looks at it. */
export function checkInput(input: Uint8Array, limits: PipelineLimits): void {
  if (input.length === 0) throw new CompressorError('EMPTY_INPUT');
  if (input.length > limits.maxInputBytes) {
    throw new CompressorError('FILE_TOO_LARGE', {
      message: `The file is larger than this service accepts (at most ${formatByteSetting(limits.maxInputBytes)}).`,
      details: { limitBytes: limits.maxInputBytes },
    });
  }
}
