/** The dashboard's ranges: the last 24 hours by hour, 30 days by day, 12 months by month (UTC). */
export const RANGE_NAMES = ['24h', '30d', '12m'] as const;
export type RangeName = (typeof RANGE_NAMES)[number];

const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface DashboardRange {
  readonly name: RangeName;
  readonly label: string;
  readonly fromMs: number;
  readonly toMs: number;
  /** The bucket size the store groups by (12 months: days, folded into months here). */
  readonly queryBucketMs: number;
  /** Starts of the buckets shown, oldest first. */
  readonly buckets: readonly number[];
  readonly bucketLabel: (startMs: number) => string;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function dashboardRange(name: RangeName, nowMs: number): DashboardRange {
  if (name === '24h') {
    const last = Math.floor(nowMs / HOUR) * HOUR;
    const buckets = Array.from({ length: 24 }, (_, i) => last - (23 - i) * HOUR);
    return { name, label: 'Last 24 hours', fromMs: buckets[0] ?? last, toMs: last + HOUR, queryBucketMs: HOUR, buckets, bucketLabel: (ms) => `${pad(new Date(ms).getUTCHours())}:00` };
  }
  if (name === '30d') {
    const last = Math.floor(nowMs / DAY) * DAY;
    const buckets = Array.from({ length: 30 }, (_, i) => last - (29 - i) * DAY);
    return {
      name,
      label: 'Last 30 days',
      fromMs: buckets[0] ?? last,
      toMs: last + DAY,
      queryBucketMs: DAY,
      buckets,
      bucketLabel: (ms) => `${new Date(ms).getUTCDate()} ${MONTHS[new Date(ms).getUTCMonth()]}`,
    };
  }
  const now = new Date(nowMs);
  const buckets = Array.from({ length: 12 }, (_, i) => Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (11 - i), 1));
  return {
    name,
    label: 'Last 12 months',
    fromMs: buckets[0] ?? nowMs,
    toMs: Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1),
    queryBucketMs: DAY,
    buckets,
    bucketLabel: (ms) => `${MONTHS[new Date(ms).getUTCMonth()]} ${String(new Date(ms).getUTCFullYear()).slice(2)}`,
  };
}

/** The shown bucket a query bucket belongs to (the last start not after it). */
export function bucketOf(range: DashboardRange, startMs: number): number | undefined {
  let found: number | undefined;
  for (const b of range.buckets) if (b <= startMs) found = b;
  return found;
}
