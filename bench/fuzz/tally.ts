/** Counts of what became of the fuzz inputs on one path (pipeline or HTTP), and the failures to replay. */
import type { Outcome } from './cases.js';

export interface Failure {
  readonly index: number;
  readonly kind: 'crash' | 'hang';
  readonly detail: string;
}

export class Tally {
  tried = 0;
  compressed = 0;
  /** Answers with a user-facing code, by code (CORRUPT_IMAGE, TIMEOUT, …). */
  readonly refused = new Map<string, number>();
  readonly failures: Failure[] = [];

  add(index: number, outcome: Outcome): void {
    this.tried++;
    if (outcome.kind === 'compressed') this.compressed++;
    else if (outcome.kind === 'refused') this.refused.set(outcome.code, (this.refused.get(outcome.code) ?? 0) + 1);
    else this.failures.push({ index, kind: outcome.kind, detail: outcome.kind === 'crash' ? outcome.detail : 'no answer within the processing timeout and margin' });
  }

  count(kind: Failure['kind']): number {
    return this.failures.filter((f) => f.kind === kind).length;
  }

  /** Refusals whose code says the server was busy or stopped the work (503), apart from the 4xx answers. */
  refusedWith(codes: readonly string[]): number {
    return [...this.refused].filter(([code]) => codes.includes(code)).reduce((sum, [, n]) => sum + n, 0);
  }

  /** "CORRUPT_IMAGE 1234, UNSUPPORTED_FORMAT 56, …", most frequent first. */
  codes(): string {
    return [...this.refused].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${n}`).join(', ');
  }
}
