import { detectSignature } from '../shared/signatures.js';
import { avif } from './avif.js';
import { gif } from './gif.js';
import { jpeg } from './jpeg.js';
import { png } from './png.js';
import { tiff } from './tiff.js';
import type { EncoderSpec, FormatSpec, InputFormat, OutputFormat } from './types.js';
import { webp } from './webp.js';

export * from './types.js';

export const FORMATS: { readonly [F in InputFormat]: FormatSpec<F> } = { jpeg, png, webp, avif, gif, tiff };

/** The format whose signature starts `bytes`, or undefined. Names and declared MIME types are never consulted. */
export function detectFormat(bytes: Uint8Array): InputFormat | undefined {
  return detectSignature(bytes);
}

/** The output format used when the caller does not choose one. */
export function defaultOutputFor(input: InputFormat): OutputFormat {
  return input === 'tiff' ? 'png' : input;
}

export function encoderFor(format: OutputFormat): EncoderSpec {
  const encoder = FORMATS[format].encoder;
  if (!encoder) throw new Error(`no encoder for ${format}`);
  return encoder;
}
