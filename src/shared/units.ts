/**
 * Byte counts as text, for the server, the command line and the web page alike (no Node imports
 * here: the page bundles this file). Three notations, each with its own purpose:
 *
 *  - formatBinaryBytes: sizes for people on the page, the admin dashboard and in error sentences
 *    ("1.5 KB", "25 MB"). 1 KB = 1024 bytes, the unit operators use for the limits
 *    (MAX_INPUT_BYTES=25mb is 25 × 1024²), so "25 MB" is the limit as configured.
 *  - formatDecimalBytes: sizes in the terminal, decimal units like file managers and
 *    `ls -h --si` ("1.5 kB", "2.40 MB").
 *  - formatByteSetting: the notation a size setting is written in ("25mb", "800kb"), exact, for
 *    the documentation of the settings and the limits they set.
 */

const nf1 = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const nf0 = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

const BINARY_UNITS = ['KB', 'MB', 'GB', 'TB', 'PB'] as const;

/** "512 B", "1.5 KB", "150 KB", "25 MB", "1.2 GB": 1024-based, at most one decimal (none from 10 KB to 1 MB). */
export function formatBinaryBytes(n: number): string {
  if (n < 0) return `-${formatBinaryBytes(-n)}`;
  const k = 1024;
  if (n < k) return `${Math.round(n)} B`;
  let value = n / k;
  let unit = 0;
  while (value >= k && unit < BINARY_UNITS.length - 1) {
    value /= k;
    unit += 1;
  }
  const digits = unit === 0 && value >= 10 ? nf0 : nf1;
  return `${digits.format(value)} ${BINARY_UNITS[unit]}`;
}

/** "999 B", "1.5 kB", "2.40 MB", "1.20 GB": 1000-based, for the terminal. */
export function formatDecimalBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1000 ** 2) return `${(bytes / 1000).toFixed(1)} kB`;
  if (bytes < 1000 ** 3) return `${(bytes / 1000 ** 2).toFixed(2)} MB`;
  return `${(bytes / 1000 ** 3).toFixed(2)} GB`;
}

/** The settings' own notation: "25mb", "1gb", "800kb" for whole multiples of 1024, else the plain number. */
export function formatByteSetting(n: number): string {
  if (n >= 1024 ** 3 && n % 1024 ** 3 === 0) return `${n / 1024 ** 3}gb`;
  if (n >= 1024 ** 2 && n % 1024 ** 2 === 0) return `${n / 1024 ** 2}mb`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024}kb`;
  return String(n);
}
