/**
 * The key stored with each record instead of the session id (P9): a keyed hash, so that the store
 * never holds the id the cookie carries, and records can still be found for that session's rights
 * (P15, P16). The session cookie itself lives in privacy/session.ts.
 */
import { createHmac } from 'node:crypto';

/** HMAC-SHA-256 of the session id under the statistics secret, as 64 hex characters. */
export function sessionKey(id: string, secret: string): string {
  return createHmac('sha256', secret).update(id).digest('hex');
}
