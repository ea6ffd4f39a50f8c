/** Sizes and ratios as people read them. */

const nf1 = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const nf0 = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

/**
 * 1 KB = 1024 bytes: the unit operators use for the limits (MAX_INPUT_BYTES=25mb is 25 × 1024²),
 * so "25 MB" on the page is the limit as configured.
 */
export function formatBytes(n: number): string {
  const k = 1024;
  if (n < k) return `${n} B`;
  if (n < k ** 2) return `${(n < 10 * k ? nf1 : nf0).format(n / k)} KB`;
  if (n < k ** 3) return `${nf1.format(n / k ** 2)} MB`;
  return `${nf1.format(n / k ** 3)} GB`;
}

/** Two sizes that read differently even when they round to the same text. */
export function formatBytesPair(a: number, b: number): [string, string] {
  const [fa, fb] = [formatBytes(a), formatBytes(b)];
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

export const FORMAT_LABELS: Readonly<Record<string, string>> = {
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
