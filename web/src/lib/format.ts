/** Sizes and ratios as people read them. */

const nf1 = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const nf0 = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

/** 1 KB = 1000 bytes, as file managers on most systems show it. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1000 ** 2) return `${(n < 10_000 ? nf1 : nf0).format(n / 1000)} KB`;
  if (n < 1000 ** 3) return `${nf1.format(n / 1000 ** 2)} MB`;
  return `${nf1.format(n / 1000 ** 3)} GB`;
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
