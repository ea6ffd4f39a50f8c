/**
 * The salt of the rate-limit keys changes every day (UTC) and is deleted 48 hours after it was
 * made. A bucket key is an HMAC of the client under the day's salt, so whoever reads the store
 * (memory dump, Redis) cannot reverse a key by hashing every IPv4 address, and once the salt is
 * gone cannot even tell that two keys of different days were the same client.
 */
import { randomBytes } from 'node:crypto';

const DAY_MS = 86_400_000;
/** Long enough for instances whose clocks disagree around midnight to share a day's salt. */
export const SALT_LIFETIME_MS = 2 * DAY_MS;

/** The UTC day number of a time: the salt's name. */
export function dayOf(nowMs: number): number {
  return Math.floor(nowMs / DAY_MS);
}

export function newSalt(): Buffer {
  return randomBytes(32);
}

/** Salts in this process's memory: one per day, forgotten (and zeroed) 48 hours after it was made. */
export class MemorySalts {
  private readonly salts = new Map<number, { readonly salt: Buffer; readonly createdMs: number }>();

  constructor(private readonly now: () => number) {}

  current(): Buffer {
    this.forgetExpired();
    const now = this.now();
    const day = dayOf(now);
    let entry = this.salts.get(day);
    if (!entry) {
      entry = { salt: newSalt(), createdMs: now };
      this.salts.set(day, entry);
    }
    return entry.salt;
  }

  /** The days whose salt is still held (for tests and the sweep). */
  get days(): readonly number[] {
    return [...this.salts.keys()];
  }

  forgetExpired(): void {
    const now = this.now();
    for (const [day, entry] of this.salts) {
      if (now - entry.createdMs < SALT_LIFETIME_MS) continue;
      entry.salt.fill(0);
      this.salts.delete(day);
    }
  }

  clear(): void {
    for (const entry of this.salts.values()) entry.salt.fill(0);
    this.salts.clear();
  }
}
