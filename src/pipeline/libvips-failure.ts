import { CompressorError } from '../errors.js';

/**
 * Maps a libvips failure onto the product's codes. Every decode of an upload goes through this
 * (the encode step, and the automatic search's own decode of the reference), so a damaged image is
 * CORRUPT_IMAGE wherever libvips notices it, never an INTERNAL error.
 */
export function libvipsFailure(cause: unknown): CompressorError {
  if (cause instanceof CompressorError) return cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  if (/timeout/i.test(message)) return new CompressorError('TIMEOUT', { cause });
  if (/pixel limit/i.test(message)) return new CompressorError('TOO_MANY_PIXELS', { cause });
  if (/too large for/i.test(message)) return new CompressorError('OUTPUT_TOO_LARGE', { cause });
  return new CompressorError('CORRUPT_IMAGE', { cause });
}
