import { CompressorError } from '../../errors.js';
import { detectFormat, type InputFormat } from '../../formats/index.js';

/** Step 2: the input format, from the signature bytes only. */
export function detect(input: Uint8Array): InputFormat {
  const format = detectFormat(input);
  if (!format) throw new CompressorError('UNSUPPORTED_FORMAT');
  return format;
}
