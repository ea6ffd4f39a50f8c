/**
 * Ratios and format names as people read them. Sizes are `formatBinaryBytes` of
 * src/shared/units.ts, the same text as the server's (1 KB = 1024 bytes, as the limits).
 */
import { formatBinaryBytes } from '../../../src/shared/units.js';

/** Two sizes that read differently even when they round to the same text. */
export function formatBytesPair(a: number, b: number): [string, string] {
  const [fa, fb] = [formatBinaryBytes(a), formatBinaryBytes(b)];
  if (fa !== fb || a === b) return [fa, fb];
  const exact = new Intl.NumberFormat('en');
  return [`${exact.format(a)} bytes`, `${exact.format(b)} bytes`];
}

/** "−68%" for a smaller file, "+4%" for a larger one. */
export function formatSaving(original: number, compressed: number): string {
  if (original <= 0) return '';
  const change = (compressed - original) / original;
  const pct = Math.round(Math.abs(change) * 100);
  if (pct === 0) return '0%';
  return change < 0 ? `−${pct}%` : `+${pct}%`;
}

export function savedFraction(original: number, compressed: number): number {
  return original > 0 ? Math.max(0, (original - compressed) / original) : 0;
}

const FORMAT_LABELS: Readonly<Record<string, string>> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  avif: 'AVIF',
  gif: 'GIF',
  tiff: 'TIFF',
};

export function formatLabel(kind: string | undefined): string {
  return kind === undefined ? '' : (FORMAT_LABELS[kind] ?? kind.toUpperCase());
}
