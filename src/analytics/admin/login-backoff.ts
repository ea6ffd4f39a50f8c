/**
 * Back-off after failed operator logins (issue 15). A client (an IPv4 address, or an IPv6 /64,
 * which one home connection gets whole) may fail FREE_FAILURES times; then it must wait before its
 * next attempt, twice as long after every further failure, up to MAX_LOCKOUT_MS. A success forgets
 * the client. While it waits, its requests are answered 429 without checking the credentials, so
 * guessing goes no faster than the back-off allows.
 *
 * The client is kept only as a keyed hash (HMAC under a random key of this process): the table
 * holds no address in the clear, and the key is gone when the process ends. The table is bounded:
 * beyond MAX_CLIENTS the least recently seen client is forgotten (memory cannot grow with the
 * number of addresses an attacker uses), and a client idle for FORGET_AFTER_MS starts afresh.
 *
 * Our own small table rather than @fastify/rate-limit: that plugin counts every request in a fixed
 * window, while this must count only failed logins and grow the wait with each one.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { isIPv6 } from 'node:net';

export interface BackoffPolicy {
  readonly freeFailures: number;
  readonly firstLockoutMs: number;
  readonly maxLockoutMs: number;
  readonly forgetAfterMs: number;
  readonly maxClients: number;
}

const DEFAULT_POLICY: BackoffPolicy = {
  freeFailures: 10,
  firstLockoutMs: 1_000,
  maxLockoutMs: 15 * 60_000,
  forgetAfterMs: 24 * 60 * 60_000,
  maxClients: 10_000,
};

interface ClientRecord {
  failures: number;
  lastFailureMs: number;
  lockedUntilMs: number;
}

/** The eight 16-bit groups of an IPv6 address, or undefined when it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  if (!isIPv6(address) || address.includes('.')) return undefined;
  const [head = '', tail] = address.split('::');
  const part = (text: string): number[] => (text === '' ? [] : text.split(':').map((g) => Number.parseInt(g, 16)));
  const front = part(head);
  const back = tail === undefined ? [] : part(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/** What one client is: an IPv4 address (also IPv4-mapped IPv6), or the /64 of an IPv6 address. */
export function clientGroup(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  const groups = ipv6Groups(address);
  return groups ? `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64` : address;
}

export class LoginBackoff {
  private readonly key = randomBytes(32);
  /** Insertion order is recency order: a touched client is deleted and set again. */
  private readonly clients = new Map<string, ClientRecord>();

  constructor(
    private readonly now: () => number,
    private readonly policy: BackoffPolicy = DEFAULT_POLICY,
  ) {}

  private keyOf(address: string): string {
    return createHmac('sha256', this.key).update(clientGroup(address)).digest('base64url').slice(0, 22);
  }

  private current(key: string): ClientRecord | undefined {
    const record = this.clients.get(key);
    if (record && this.now() - record.lastFailureMs > this.policy.forgetAfterMs && record.lockedUntilMs <= this.now()) {
      this.clients.delete(key);
      return undefined;
    }
    return record;
  }

  /** Milliseconds this client must still wait before its credentials are checked again; 0 when it may try. */
  waitMs(address: string): number {
    const record = this.current(this.keyOf(address));
    return record ? Math.max(0, record.lockedUntilMs - this.now()) : 0;
  }

  failed(address: string): void {
    const key = this.keyOf(address);
    const record = this.current(key) ?? { failures: 0, lastFailureMs: 0, lockedUntilMs: 0 };
    record.failures += 1;
    record.lastFailureMs = this.now();
    const beyond = record.failures - this.policy.freeFailures;
    if (beyond >= 0) {
      // 2^beyond grows past any sane bound quickly; the exponent is capped before it can overflow.
      const lockout = Math.min(this.policy.firstLockoutMs * 2 ** Math.min(beyond, 40), this.policy.maxLockoutMs);
      record.lockedUntilMs = this.now() + lockout;
    }
    this.clients.delete(key);
    this.clients.set(key, record);
    if (this.clients.size > this.policy.maxClients) {
      const oldest = this.clients.keys().next().value;
      if (oldest !== undefined) this.clients.delete(oldest);
    }
  }

  succeeded(address: string): void {
    this.clients.delete(this.keyOf(address));
  }

  /** Clients currently remembered (for the memory bound). */
  get size(): number {
    return this.clients.size;
  }
}
