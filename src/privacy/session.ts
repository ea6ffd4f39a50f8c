/**
 * The one cookie of the product (P11): a random session id, HttpOnly, SameSite=Lax, Secure under
 * HTTPS, with no Expires or Max-Age, so it ends when the browser closes. It exists so that a
 * person can exercise their rights over the statistics of their own session (P15–P17).
 *
 * The opt-out choice (P17) travels inside the same cookie (`<id>.off`), so no second cookie and
 * no server-side record of the choice is needed, and every instance behind a load balancer sees
 * it. The id itself never reaches the store: records carry a keyed hash of it
 * (sessionKey, in analytics/session-key.ts).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const SESSION_COOKIE = 'ci_session';

export interface Session {
  /** 24 characters of base64url: 144 random bits. */
  readonly id: string;
  readonly optedOut: boolean;
}

const ID = /^[A-Za-z0-9_-]{24}$/;
const OFF_SUFFIX = '.off';

export function newSession(optedOut = false): Session {
  return { id: randomBytes(18).toString('base64url'), optedOut };
}

/** The session named by the request's cookie, or undefined when there is none (or it is not ours). */
export function readSession(headers: IncomingHttpHeaders): Session | undefined {
  const cookie = headers.cookie;
  if (cookie === undefined) return undefined;
  for (const pair of cookie.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = pair.slice(eq + 1).trim();
    const optedOut = value.endsWith(OFF_SUFFIX);
    const id = optedOut ? value.slice(0, -OFF_SUFFIX.length) : value;
    if (ID.test(id)) return { id, optedOut };
  }
  return undefined;
}

/** The Set-Cookie value. No Expires/Max-Age on purpose: a session cookie. */
export function sessionCookie(session: Session, secure: boolean): string {
  const value = session.optedOut ? `${session.id}${OFF_SUFFIX}` : session.id;
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** Global Privacy Control (`Sec-GPC: 1`) or Do Not Track (`DNT: 1`): record nothing (P17). */
export function refusesTracking(headers: IncomingHttpHeaders): boolean {
  const gpc = headers['sec-gpc'];
  const dnt = headers.dnt;
  return (typeof gpc === 'string' && gpc.trim() === '1') || (typeof dnt === 'string' && dnt.trim() === '1');
}
