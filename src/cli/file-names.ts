/**
 * What file *names* say about formats. Only for naming outputs and for choosing which files of a
 * folder to pick up: the pipeline always detects the real type from the bytes.
 */
import path from 'node:path';
import { FORMATS, type InputFormat, type OutputFormat } from '../formats/index.js';

const EXTENSION_FORMATS: Readonly<Record<string, InputFormat>> = {
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.jpe': 'jpeg',
  '.jfif': 'jpeg',
  '.png': 'png',
  '.webp': 'webp',
  '.avif': 'avif',
  '.gif': 'gif',
  '.tif': 'tiff',
  '.tiff': 'tiff',
};

/** Extensions (without dot) picked up when a folder or glob is expanded. */
export const IMAGE_EXTENSIONS = Object.keys(EXTENSION_FORMATS).map((e) => e.slice(1));

export function formatFromName(file: string): InputFormat | undefined {
  return EXTENSION_FORMATS[path.extname(file).toLowerCase()];
}

export function hasImageExtension(file: string): boolean {
  return formatFromName(file) !== undefined;
}

/** `photo.min.png`: an output of an earlier run without --out, skipped when folders are expanded. */
export function isMinifiedName(file: string): boolean {
  return hasImageExtension(file) && path.basename(file, path.extname(file)).toLowerCase().endsWith('.min');
}

/**
 * The file name an output gets. The name's own extension is kept when it already says the right
 * format (`.JPEG` stays `.JPEG`); otherwise it is replaced (or, for a name without an image
 * extension, followed) by the format's usual one. `suffix` goes before the extension.
 */
export function outputName(inputName: string, format: OutputFormat, suffix = ''): string {
  const ext = path.extname(inputName);
  const known = formatFromName(inputName) !== undefined;
  const stem = known ? inputName.slice(0, -ext.length) : inputName;
  const keepExt = known && formatFromName(inputName) === format;
  return `${stem}${suffix}${keepExt ? ext : `.${FORMATS[format].extension}`}`;
}
