import type { CompressResult } from '../compress/index.js';
import { contentDisposition } from './download-name.js';

/** The headers that describe a compression result (documented in ./routes/compress-schema.ts). */
export function resultHeaders(result: CompressResult, fileName: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': result.mime,
    'content-disposition': contentDisposition(fileName, result.extension),
    'x-original-size': String(result.inputBytes),
    'x-compressed-size': String(result.outputBytes),
    'x-compression-ratio': (result.inputBytes > 0 ? result.outputBytes / result.inputBytes : 1).toFixed(4),
    'x-image-width': String(result.width),
    'x-image-height': String(result.height),
    'x-quality': result.quality === undefined ? 'lossless' : String(result.quality),
    'x-original-format': result.inputFormat,
    // The format written: with format=auto, the one that won.
    'x-format': result.format,
    'x-kept-original': String(result.keptOriginal),
    // P5: the result is the client's alone; no shared cache may keep a copy.
    'cache-control': 'no-store',
  };
  // Filled in by automatic quality (src/quality) when it measured the result.
  const score = (result as { readonly score?: unknown }).score;
  if (typeof score === 'number' && Number.isFinite(score)) headers['x-quality-score'] = String(Math.round(score * 100) / 100);
  if (result.target !== undefined) headers['x-quality-target'] = String(result.target);
  // format=auto: every format tried, smallest first, e.g. "avif;bytes=41230;score=80.31, webp;bytes=52311;score=80.12".
  if (result.candidates && result.candidates.length > 1) {
    headers['x-format-candidates'] = result.candidates.map((c) => `${c.format};bytes=${c.bytes};score=${Math.round(c.score * 100) / 100}`).join(', ');
  }
  return headers;
}
