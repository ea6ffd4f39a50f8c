/** Sizes and durations as people read them: decimal units, like file managers and `ls -h --si`. */

export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1000 ** 2) return `${(bytes / 1000).toFixed(1)} kB`;
  if (bytes < 1000 ** 3) return `${(bytes / 1000 ** 2).toFixed(2)} MB`;
  return `${(bytes / 1000 ** 3).toFixed(2)} GB`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** "-71.3%" for a saving, "+2.0%" when the output grew (a format change can do that). */
export function formatChange(percentSaved: number): string {
  return percentSaved >= 0 ? `-${percentSaved.toFixed(1)}%` : `+${(-percentSaved).toFixed(1)}%`;
}
