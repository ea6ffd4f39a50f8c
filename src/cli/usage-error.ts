/**
 * A mistake on the command line (unknown flag, bad value, contradicting flags, missing input).
 * It is reported before any file is read or written, with exit code 2.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
