/**
 * Retention (P10): records older than the configured number of months are deleted when the
 * server starts and then on a schedule. The clock is injected so tests can move time.
 */

/** The instant `months` calendar months before `nowMs` (UTC); records before it expire. */
export function retentionCutoff(nowMs: number, months: number): number {
  const date = new Date(nowMs);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() - months);
  // 31 March minus one month is the last day of February, not 3 March.
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return date.getTime();
}
