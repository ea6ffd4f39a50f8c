import { CompressorError } from '../errors.js';
import { formatByteSetting } from '../shared/units.js';

/** FILE_TOO_LARGE naming the limit, wherever the limit was noticed (header, parser, form part). */
export function tooLarge(maxInputBytes: number): CompressorError {
  return new CompressorError('FILE_TOO_LARGE', {
    message: `The file is larger than this service accepts (at most ${formatByteSetting(maxInputBytes)}).`,
    details: { limitBytes: maxInputBytes },
  });
}
