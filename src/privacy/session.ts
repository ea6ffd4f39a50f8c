/**
 * The one cookie of the product (P11): a random session id, HttpOnly, SameSite=Lax, Secure under
 * HTTPS, with no Expires or Max-Age, so it ends when the browser closes. It exists so that a
 * person can exercise their rights over the statistics of their own session (P15–P17).
 *
 * Under HTTPS it is named with the `__Host-` prefix: a browser accepts such a cookie only with
 * Secure, Path=/ and no Domain, set by this very host over HTTPS, so neither a sibling subdomain
 * nor a network attacker on plain HTTP can plant a session id of their own in a visitor's browser
 * (and then read that visitor's records through P15). Over plain HTTP the prefix is not allowed,
 * and the cookie keeps its plain name.
 *
 * The opt-out choice (P17) travels inside the same cookie (`<id>.off`), so no second cookie and
 * no server-side record of the choice is needed, and every instance behind a load balancer sees
 * it. The id itself never reaches the store: records carry a keyed hash of it
 * (sessionKey, in analytics/session-key.ts).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const PLAIN_COOKIE = 'ci_session';
const HOST_ONLY_COOKIE = `__Host-${PLAIN_COOKIE}`;

/** What the cookie needs of a request (a FastifyRequest is one). */
export interface SessionRequest {
  readonly headers: IncomingHttpHeaders;
  /** `https` over TLS here, or as X-Forwarded-Proto says when TRUST_PROXY trusts the peer. */
  readonly protocol: string;
}

/**
 * Whether the request came over HTTPS, as the cookie and the privacy policy both see it: TLS on
 * this connection, or a proxy that TRUST_PROXY trusts saying so (Fastify's request.protocol). One
 * predicate for both, so the policy never describes a cookie other than the one that is set.
 */
export function isHttps(request: Pick<SessionRequest, 'protocol'>): boolean {
  return request.protocol === 'https';
}

export function sessionCookieName(https: boolean): string {
  return https ? HOST_ONLY_COOKIE : PLAIN_COOKIE;
}

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

/** The first well-formed session in the Cookie header under this name. */
function sessionNamed(cookie: string, name: string): Session | undefined {
  for (const pair of cookie.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    const value = pair.slice(eq + 1).trim();
    const optedOut = value.endsWith(OFF_SUFFIX);
    const id = optedOut ? value.slice(0, -OFF_SUFFIX.length) : value;
    if (ID.test(id)) return { id, optedOut };
  }
  return undefined;
}

/**
 * The session named by the request's cookie, or undefined when there is none (or it is not ours).
 * Under HTTPS only the `__Host-` cookie names a session: a plain-named one may have been planted
 * (see above), so its id is never used. Its opt-out is still honoured (a fresh id, opted out):
 * a browser that switched statistics off before the prefix existed stays off, and a planted
 * opt-out can do no more than record nothing.
 */
export function readSession(request: SessionRequest): Session | undefined {
  const cookie = request.headers.cookie;
  if (cookie === undefined) return undefined;
  const https = isHttps(request);
  const session = sessionNamed(cookie, sessionCookieName(https));
  if (session || !https) return session;
  return sessionNamed(cookie, PLAIN_COOKIE)?.optedOut ? newSession(true) : undefined;
}

/** The Set-Cookie value for this request. No Expires/Max-Age on purpose: a session cookie. */
export function sessionCookie(session: Session, request: Pick<SessionRequest, 'protocol'>): string {
  const https = isHttps(request);
  const value = session.optedOut ? `${session.id}${OFF_SUFFIX}` : session.id;
  // No Domain attribute, ever: `__Host-` forbids it, and without it the cookie stays on this host.
  return `${sessionCookieName(https)}=${value}; Path=/; HttpOnly; SameSite=Lax${https ? '; Secure' : ''}`;
}

/** Global Privacy Control (`Sec-GPC: 1`) or Do Not Track (`DNT: 1`): record nothing (P17). */
export function refusesTracking(headers: IncomingHttpHeaders): boolean {
  const gpc = headers['sec-gpc'];
  const dnt = headers.dnt;
  return (typeof gpc === 'string' && gpc.trim() === '1') || (typeof dnt === 'string' && dnt.trim() === '1');
}
