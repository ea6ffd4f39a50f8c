/** Durations and changes as people read them in the terminal; sizes are `formatDecimalBytes` of src/shared/units.ts. */

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
