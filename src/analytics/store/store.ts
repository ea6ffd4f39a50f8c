/**
 * The one interface both statistics stores implement (SQLite embedded, PostgreSQL for scale-out).
 * Everything above it — recording, rights, retention, the dashboard — is written once against it,
 * and test/analytics/store.test.ts runs the same suite against both.
 */
import type { StatEvent } from '../fields.js';

/** Columns the dashboard may count by; the only identifiers that reach a GROUP BY. */
export const DIMENSIONS = {
  quality: 'quality',
  country: 'country',
  device: 'device',
  browser: 'browser',
  os: 'os',
  language: 'language',
  referrerHost: 'referrer_host',
} as const;
export type Dimension = keyof typeof DIMENSIONS;

/** Half-open: fromMs ≤ recordedAt < toMs. */
export interface TimeRange {
  readonly fromMs: number;
  readonly toMs: number;
}

export interface Totals {
  readonly count: number;
  readonly originalBytes: number;
  readonly compressedBytes: number;
}

export interface TimelineRow extends Totals {
  /** Start of the bucket, ms since the epoch; buckets are aligned to the epoch (UTC). */
  readonly startMs: number;
}

export interface CountRow {
  readonly value: string | null;
  readonly count: number;
}

export interface FormatRow extends Totals {
  readonly input: string;
  readonly output: string;
}

export interface RatioRow {
  /** floor(ratio × 10), capped at 10: 0 is "under 10 %", 10 is "100 % or more" (nothing saved). */
  readonly bucket: number;
  readonly count: number;
}

export interface StatsStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the data lives, fit for a log line (no password). */
  readonly where: string;
  /** Creates the schema when missing; safe to call again and from several instances at once. */
  init(): Promise<void>;
  /** Reads a stats_meta value, storing `create()` first when there is none (first writer wins). */
  metaValue(name: string, create: () => string): Promise<string>;
  insert(events: readonly StatEvent[]): Promise<void>;
  bySession(sessionKey: string): Promise<StatEvent[]>;
  eraseSession(sessionKey: string): Promise<number>;
  /** Deletes every record older than `cutoffMs`; returns how many. */
  purgeBefore(cutoffMs: number): Promise<number>;
  count(): Promise<number>;
  totals(range: TimeRange): Promise<Totals>;
  timeline(range: TimeRange, bucketMs: number): Promise<TimelineRow[]>;
  breakdown(dimension: Dimension, range: TimeRange, limit: number): Promise<CountRow[]>;
  formatMix(range: TimeRange): Promise<FormatRow[]>;
  ratioHistogram(range: TimeRange): Promise<RatioRow[]>;
  /**
   * Hears errors that happen outside any call (an idle PostgreSQL connection that breaks, the
   * SQLite reader thread dying), which
   * would otherwise reach no caller and no log line; the service logs them.
   */
  onBackgroundError?(listener: (error: Error) => void): void;
  /** Every table and its columns, as the database itself reports them (for the disclosure test). */
  describe(): Promise<Record<string, string[]>>;
  close(): Promise<void>;
}
