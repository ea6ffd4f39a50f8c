/**
 * The aggregates behind the operator dashboard (P21), and the JSON of /api/v1/admin/stats. Each
 * is one store query over the chosen range; `dashboardQueries` names them so that
 * bench:analytics can time each one on a million records.
 */
import type { StatsCounters } from '../service.js';
import type { CountRow, Dimension, FormatRow, RatioRow, StatsStore, TimelineRow, Totals } from '../store/store.js';
import { bucketOf, dashboardRange, type DashboardRange, type RangeName } from './ranges.js';

const TOP = 10;

export const BREAKDOWNS: readonly { readonly key: Dimension; readonly title: string }[] = [
  { key: 'quality', title: 'Quality settings' },
  { key: 'country', title: 'Top countries' },
  { key: 'device', title: 'Device types' },
  { key: 'browser', title: 'Browsers' },
  { key: 'os', title: 'Operating systems' },
  { key: 'language', title: 'Languages' },
  { key: 'referrerHost', title: 'Referring sites' },
];

export interface RawAggregates {
  totals: Totals;
  timeline: TimelineRow[];
  formats: FormatRow[];
  ratios: RatioRow[];
  breakdowns: Partial<Record<Dimension, CountRow[]>>;
}

export interface NamedQuery {
  readonly name: string;
  run(into: RawAggregates): Promise<void>;
}

export function dashboardQueries(store: StatsStore, range: DashboardRange): NamedQuery[] {
  const span = { fromMs: range.fromMs, toMs: range.toMs };
  return [
    { name: 'totals', run: async (r) => void (r.totals = await store.totals(span)) },
    { name: 'compressions over time', run: async (r) => void (r.timeline = await store.timeline(span, range.queryBucketMs)) },
    { name: 'format mix', run: async (r) => void (r.formats = await store.formatMix(span)) },
    { name: 'ratio distribution', run: async (r) => void (r.ratios = await store.ratioHistogram(span)) },
    ...BREAKDOWNS.map((b) => ({ name: b.title.toLowerCase(), run: async (r: RawAggregates) => void (r.breakdowns[b.key] = await store.breakdown(b.key, span, TOP)) })),
  ];
}

export interface DashboardStats {
  readonly range: { readonly name: RangeName; readonly label: string; readonly from: string; readonly to: string };
  readonly generatedAt: string;
  readonly totals: Totals & { readonly savedBytes: number; readonly savedPercent: number | null };
  readonly timeline: readonly { readonly start: string; readonly label: string; readonly count: number; readonly originalBytes: number; readonly savedBytes: number }[];
  readonly formats: readonly (FormatRow & { readonly savedBytes: number })[];
  /** Eleven buckets: "0–10 %" of the original size … "90–100 %", then "100 % (nothing saved)". */
  readonly ratios: readonly { readonly label: string; readonly count: number }[];
  readonly breakdowns: Readonly<Record<Dimension, readonly { readonly value: string; readonly count: number }[]>>;
  readonly recording: StatsCounters | undefined;
}

function ratioLabel(bucket: number): string {
  return bucket >= 10 ? '100 % or more' : `${bucket * 10}–${bucket * 10 + 10} %`;
}

const UNKNOWN = '(unknown)';

export async function dashboardStats(store: StatsStore, name: RangeName, nowMs: number, recording?: StatsCounters): Promise<DashboardStats> {
  const range = dashboardRange(name, nowMs);
  const raw: RawAggregates = { totals: { count: 0, originalBytes: 0, compressedBytes: 0 }, timeline: [], formats: [], ratios: [], breakdowns: {} };
  // One after another: with SQLite they run on this thread anyway, and a pooled PostgreSQL
  // connection is not starved by one page view.
  for (const query of dashboardQueries(store, range)) await query.run(raw);

  const buckets = new Map(range.buckets.map((b) => [b, { count: 0, originalBytes: 0, compressedBytes: 0 }]));
  for (const row of raw.timeline) {
    const bucket = bucketOf(range, row.startMs);
    const sum = bucket === undefined ? undefined : buckets.get(bucket);
    if (!sum) continue;
    sum.count += row.count;
    sum.originalBytes += row.originalBytes;
    sum.compressedBytes += row.compressedBytes;
  }
  const ratioCounts = new Map(raw.ratios.map((r) => [r.bucket, r.count]));
  const { totals } = raw;
  const savedBytes = totals.originalBytes - totals.compressedBytes;
  const breakdowns = Object.fromEntries(
    BREAKDOWNS.map((b) => [b.key, (raw.breakdowns[b.key] ?? []).map((row) => ({ value: row.value ?? UNKNOWN, count: row.count }))]),
  ) as Record<Dimension, { value: string; count: number }[]>;
  return {
    range: { name, label: range.label, from: new Date(range.fromMs).toISOString(), to: new Date(range.toMs).toISOString() },
    generatedAt: new Date(nowMs).toISOString(),
    totals: { ...totals, savedBytes, savedPercent: totals.originalBytes > 0 ? Math.round((savedBytes / totals.originalBytes) * 1000) / 10 : null },
    timeline: range.buckets.map((b) => {
      const sum = buckets.get(b) ?? { count: 0, originalBytes: 0, compressedBytes: 0 };
      return { start: new Date(b).toISOString(), label: range.bucketLabel(b), count: sum.count, originalBytes: sum.originalBytes, savedBytes: sum.originalBytes - sum.compressedBytes };
    }),
    formats: raw.formats.map((f) => ({ ...f, savedBytes: f.originalBytes - f.compressedBytes })),
    ratios: Array.from({ length: 11 }, (_, bucket) => ({ label: ratioLabel(bucket), count: ratioCounts.get(bucket) ?? 0 })),
    breakdowns,
    recording,
  };
}
