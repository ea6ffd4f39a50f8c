/**
 * The statistics as one service over a store: buffered recording, the session key, the rights
 * (export, erase), retention, and counters for the operator. It knows nothing about HTTP.
 *
 * The store may be down at start or go away later (PostgreSQL restarting): nothing here throws at
 * a compression; records are dropped and counted, and each later flush tries the store again.
 */
import { randomBytes } from 'node:crypto';
import { CompressorError } from '../errors.js';
import type { StatEvent } from './fields.js';
import { Recorder, type RecorderCounters } from './recorder.js';
import { retentionCutoff } from './retention.js';
import { sessionKey } from './session-key.js';
import type { StatsStore } from './store/store.js';
import { InvalidEventError, validateEvent } from './validate.js';

/** What a compression leaves in memory until it is written: the raw session id is hashed then. */
export interface PendingRecord {
  readonly sessionId: string;
  /** Every field of the model except sessionKey; validated when written. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/** A pino-compatible logger (the server's), or anything with these three methods. */
export interface Log {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

const SILENT_LOG: Log = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface StatsServiceOptions {
  readonly store: StatsStore;
  /** STATS_SECRET; empty or undefined: one is created once and kept in the store. */
  readonly secret?: string;
  readonly bufferMax: number;
  readonly batchSize: number;
  readonly flushIntervalMs: number;
  readonly retentionMonths: number;
  readonly purgeIntervalMs: number;
  /** Milliseconds since the epoch; injected by tests. */
  readonly now?: () => number;
  readonly log?: Log;
}

export interface StatsCounters extends RecorderCounters {
  /** Records refused by validation (a bug, never expected in practice). */
  readonly droppedInvalid: number;
  readonly store: 'ready' | 'unavailable';
}

const SECRET_NAME = 'session_key_secret';

export class StatsService {
  readonly store: StatsStore;
  readonly now: () => number;
  private readonly log: Log;
  private readonly recorder: Recorder<PendingRecord>;
  private secret: string | undefined;
  private ready: Promise<void> | undefined;
  private isReady = false;
  private droppedInvalid = 0;
  private purgeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: StatsServiceOptions) {
    this.store = options.store;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? SILENT_LOG;
    this.secret = options.secret === '' ? undefined : options.secret;
    this.recorder = new Recorder<PendingRecord>({
      write: (batch) => this.write(batch),
      bufferMax: options.bufferMax,
      batchSize: options.batchSize,
      flushIntervalMs: options.flushIntervalMs,
      onOutage: (error) => this.log.error({ err: error, store: this.store.where }, 'statistics store unavailable: records are dropped and counted until it is back'),
      onRecovery: () => this.log.info({ store: this.store.where }, 'statistics store available again'),
    });
    options.store.onBackgroundError?.((error) => this.log.warn({ err: error, store: this.store.where }, 'statistics store: a background connection failed; the store goes on without it'));
  }

  /** Opens the store and deletes expired records; a store that is down is only logged. */
  async start(): Promise<void> {
    this.recorder.start();
    this.purgeTimer = setInterval(() => void this.purgeQuietly(), this.options.purgeIntervalMs);
    this.purgeTimer.unref();
    try {
      await this.ensureReady();
      await this.purge();
    } catch (error) {
      this.log.error({ err: error, store: this.store.where }, 'statistics store unavailable at start; retrying with each write');
    }
  }

  private ensureReady(): Promise<void> {
    this.ready ??= (async () => {
      await this.store.init();
      this.secret ??= await this.store.metaValue(SECRET_NAME, () => randomBytes(32).toString('base64url'));
      this.isReady = true;
    })();
    // The error reaches whoever awaits this promise (and is logged there); forgetting it lets the next call try again.
    this.ready.catch(() => (this.ready = undefined));
    return this.ready;
  }

  /** Never throws, never waits: the compression's answer does not depend on it. */
  record(pending: PendingRecord): void {
    this.recorder.add(pending);
  }

  private async write(batch: readonly PendingRecord[]): Promise<void> {
    await this.ensureReady();
    const secret = this.secret as string;
    const events: StatEvent[] = [];
    for (const pending of batch) {
      try {
        events.push(validateEvent({ ...pending.fields, sessionKey: sessionKey(pending.sessionId, secret) }));
      } catch (error) {
        if (!(error instanceof InvalidEventError)) throw error;
        this.droppedInvalid += 1;
        this.log.warn({ reason: error.message }, 'statistics record refused by validation');
      }
    }
    if (events.length > 0) await this.store.insert(events);
  }

  flush(): Promise<void> {
    return this.recorder.flush();
  }

  /** The store, opened; STATS_UNAVAILABLE when it cannot be reached. */
  async readyStore(): Promise<StatsStore> {
    try {
      await this.ensureReady();
      return this.store;
    } catch (error) {
      throw new CompressorError('STATS_UNAVAILABLE', { cause: error });
    }
  }

  /** Every record of this session, after writing what is still waiting (P15). */
  async mine(sessionId: string): Promise<StatEvent[]> {
    await this.flush();
    await this.readyStore();
    try {
      return await this.store.bySession(sessionKey(sessionId, this.secret as string));
    } catch (error) {
      throw new CompressorError('STATS_UNAVAILABLE', { cause: error });
    }
  }

  /** Erases every record of this session, those still waiting included (P16). */
  async erase(sessionId: string): Promise<number> {
    await this.flush();
    await this.readyStore();
    try {
      return await this.store.eraseSession(sessionKey(sessionId, this.secret as string));
    } catch (error) {
      throw new CompressorError('STATS_UNAVAILABLE', { cause: error });
    }
  }

  /** Deletes what is older than the retention period (P10); returns how many records. */
  async purge(): Promise<number> {
    await this.ensureReady();
    const cutoff = retentionCutoff(this.now(), this.options.retentionMonths);
    const deleted = await this.store.purgeBefore(cutoff);
    if (deleted > 0) this.log.info({ deleted, olderThan: new Date(cutoff).toISOString() }, 'expired statistics deleted');
    return deleted;
  }

  private async purgeQuietly(): Promise<void> {
    try {
      await this.purge();
    } catch (error) {
      this.log.warn({ err: error }, 'expired statistics could not be deleted now; retrying on schedule');
    }
  }

  counters(): StatsCounters {
    return { ...this.recorder.counters(), droppedInvalid: this.droppedInvalid, store: this.isReady ? 'ready' : 'unavailable' };
  }

  /** Writes everything waiting, then closes the store (clean shutdown: nothing is lost). */
  async close(): Promise<void> {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    await this.recorder.close();
    await this.store.close();
  }
}
